package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ObservabilityTest {

    @Test
    void healthMetricsOpenApiAndTheWebClientAreServed() {
        TestEvents.awaitGatewayReady();
        // the connector's liveness covers every channel: one that fails for good fails it
        given().when().get("/q/health/live").then().statusCode(200)
                .body(containsString("chat-events")).body(containsString("commands-out"));
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("gateway-event-consumer"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gateway_connections_open"))
                .body(containsString("gateway_fanout_deliveries_total"))
                .body(containsString("gateway_event_lag_seconds"));
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/connections")).body(containsString("/presence"));
        given().when().get("/").then().statusCode(200).body(containsString("/assets/js/main.js"));
    }
}
