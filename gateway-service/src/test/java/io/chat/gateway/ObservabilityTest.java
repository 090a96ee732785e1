package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

@QuarkusTest
class ObservabilityTest {

    @Inject
    Vertx vertx;

    /** The fan-out's cost is mostly socket writes: a lost epoll library must not silently fall back to NIO. */
    @Test
    void socketsRunOnTheNativeTransport() {
        assertTrue(vertx.isNativeTransportEnabled(), () -> "native transport unavailable: " + vertx.unavailableNativeTransportCause());
    }

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

    /** Records per poll tell whether a poll's frames could share a connection's write (docs/gateway.md). */
    @Test
    void eachDeliveryIsTimedFromItsPollUntilWrittenOutAndPollsAreCounted() {
        TestUser user = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, user.id());
        try (SocketClient socket = TestGateway.open(user.token())) {
            long before = writesTimed();
            double recordsBefore = TestGateway.metric("gateway_poll_records_sum", "");
            TestEvents.message(room, 1, "timed");
            socket.expect("message.created");
            await().atMost(Duration.ofSeconds(10)).until(() -> writesTimed() > before);
            assertTrue(TestGateway.metric("gateway_poll_records_sum", "") >= recordsBefore + 1, "the record's poll is counted");
            String metrics = given().when().get("/q/metrics").asString();
            assertTrue(metrics.contains("gateway_fanout_write_seconds{quantile=\"0.99\""), "p99 is exported");
            assertTrue(metrics.contains("gateway_poll_records{quantile=\"0.5\""), "the median poll is exported");
        }
    }

    private static long writesTimed() {
        return (long) TestGateway.metric("gateway_fanout_write_seconds_count", "");
    }
}
