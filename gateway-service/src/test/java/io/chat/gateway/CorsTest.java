package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** Web pages on the allowed origins (chat.gateway.allowed-origins) may call the gateway's HTTP endpoints. */
@QuarkusTest
class CorsTest {

    private static final String ALLOWED = "http://localhost:8080";
    private static final String OTHER = "https://evil.example";
    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/presence"})
    void aPreflightFromAnAllowedOriginSucceeds(String path) {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options(path)
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", ALLOWED)
                .header("Access-Control-Allow-Headers", "authorization");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/presence"})
    void aPreflightFromAnotherOriginIsRefused(String path) {
        given().header("Origin", OTHER).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options(path)
                .then().statusCode(403).statusLine(endsWith("403 Forbidden")).contentType(PROBLEM)
                .body("status", equalTo(403), "detail", containsString(OTHER))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    /** Vert.x's CorsHandler fails these requests, which Quarkus would answer with a 500 page under the 403. */
    @ParameterizedTest
    @ValueSource(strings = {"/events", "/presence"})
    void aReadFromAnotherOriginIsAForbiddenProblem(String path) {
        given().auth().oauth2(TestGateway.user().token()).header("Origin", OTHER)
                .when().get(path)
                .then().statusCode(403).statusLine(endsWith("403 Forbidden")).contentType(PROBLEM)
                .body("status", equalTo(403), "detail", containsString(OTHER))
                .body(not(containsString("500")))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void anAllowedPageReadsPresenceAndAnotherDoesNot() {
        String token = TestGateway.user().token();
        given().auth().oauth2(token).header("Origin", ALLOWED).queryParam("userId", TestGateway.user().id())
                .when().get("/presence")
                .then().statusCode(200).header("Access-Control-Allow-Origin", ALLOWED);
        given().auth().oauth2(token).header("Origin", OTHER).queryParam("userId", TestGateway.user().id())
                .when().get("/presence")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }
}
