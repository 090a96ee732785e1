package io.chat.gateway.webclient;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(EchoService.class)
class ApiProxyTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void requestsReachTheServiceWithoutThePrefixAndItsAnswerComesBack() {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer some.token").header("Origin", "http://localhost:8080")
                .header("X-Forwarded-For", "203.0.113.7")
                .contentType("application/json").body("{\"username\":\"alice\"}")
                .when().post("/api/auth/token?x=1&y=%C3%A9")
                .then().statusCode(201).header("Location", "/users/echo")
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/auth/token?x=1&y=%C3%A9"))
                .body("Authorization", equalTo("Bearer some.token"))
                .body("Origin", nullValue())
                .body("X-Forwarded-For", equalTo("203.0.113.7, 127.0.0.1"))
                .body("X-Forwarded-Proto", equalTo("http"))
                .body("body", equalTo("{\"username\":\"alice\"}"));
        given().when().get("/api/users").then().statusCode(201).body("uri", equalTo("/users"))
                .body("X-Forwarded-For", equalTo("127.0.0.1"));
    }

    @Test
    void onlyTheApiRoutesAreForwarded() {
        given().when().get("/api/usersx").then().statusCode(404);
        given().when().get("/api/q/metrics").then().statusCode(404);
        // forwarded as normalized, so ".." cannot reach another service or path than the route says
        given().urlEncodingEnabled(false).when().get("/api/rooms/../users/me").then().statusCode(201).body("uri", equalTo("/users/me"));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsSent() {
        given().contentType("application/json").body("x".repeat(70 * 1024))
                .when().post("/api/users").then().statusCode(413).contentType(PROBLEM);
    }

    @Test
    void aServiceThatIsDownIsA502Problem() {
        given().when().get("/api/rooms").then().statusCode(502).contentType(PROBLEM)
                .body("status", equalTo(502)).body("detail", containsString("chat-service"));
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA504Problem() {
        given().when().get("/api/users/slow").then().statusCode(504).contentType(PROBLEM)
                .body("status", equalTo(504)).body("detail", containsString("user-service"));
    }
}
