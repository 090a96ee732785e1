package io.chat.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class UserResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void registerReturnsTheUserWithLocationAndNoPassword() {
        String username = TestUsers.uniqueName();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Ada", "password", TestUsers.PASSWORD))
                .when().post("/users")
                .then().statusCode(201)
                .header("Location", containsString("/users/"))
                .body("id", notNullValue())
                .body("username", equalTo(username))
                .body("displayName", equalTo("Ada"))
                .body("createdAt", endsWith("Z"))
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("passwordHash")));
    }

    @Test
    void registerValidatesEveryField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "No Caps!", "displayName", "", "password", "short"))
                .when().post("/users")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", notNullValue())
                .body("violations.field", hasItem("username"))
                .body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("password"));
    }

    @Test
    void registerRejectsTooLongValuesAndMissingBody() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "a".repeat(33), "displayName", "x".repeat(65), "password", "p".repeat(129)))
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations", hasSize(3));
        given().contentType(ContentType.JSON)
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void duplicateUsernameIsAConflict() {
        TestUsers.Registered user = TestUsers.register();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "displayName", "Other", "password", TestUsers.PASSWORD))
                .when().post("/users")
                .then().statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("detail", containsString(user.username()));
    }

    @Test
    void racingRegistrationsOfOneNameCreateOneUser() throws Exception {
        String username = TestUsers.uniqueName();
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            attempts.add(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("username", username, "displayName", "Racer", "password", TestUsers.PASSWORD))
                    .when().post("/users").then().extract().statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(attempts.size());
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdown();
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        org.junit.jupiter.api.Assertions.assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"username\": ")
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownFieldsAreIgnored() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", TestUsers.uniqueName(), "displayName", "Eve", "password", TestUsers.PASSWORD,
                        "favouriteColour", "green"))
                .when().post("/users")
                .then().statusCode(201);
    }

    @Test
    void wrongMediaTypeUnknownRouteAndHugeBodyAreProblems() {
        given().contentType(ContentType.TEXT).body("hello")
                .when().post("/users")
                .then().statusCode(415).contentType(PROBLEM).body("status", equalTo(415));
        given().when().get("/no/such/route")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "big", "displayName", "x".repeat(200_000), "password", TestUsers.PASSWORD))
                .when().post("/users")
                .then().statusCode(413).contentType(PROBLEM).body("status", equalTo(413));
    }

    @Test
    void tokenForValidCredentials() {
        TestUsers.Registered user = TestUsers.register();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "password", TestUsers.PASSWORD))
                .when().post("/auth/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600))
                .body("accessToken", startsWith("ey"));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        TestUsers.Registered user = TestUsers.register();
        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "password", "wrong password"))
                .when().post("/auth/token")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer")
                .extract().path("detail");
        String unknownUser = given().contentType(ContentType.JSON)
                .body(Map.of("username", TestUsers.uniqueName(), "password", "wrong password"))
                .when().post("/auth/token")
                .then().statusCode(401).contentType(PROBLEM)
                .extract().path("detail");
        org.junit.jupiter.api.Assertions.assertEquals(wrongPassword, unknownUser);
    }

    @Test
    void meNeedsAValidToken() {
        given().when().get("/users/me")
                .then().statusCode(401).contentType(PROBLEM).body("status", equalTo(401));
        given().auth().oauth2("not.a.token").when().get("/users/me")
                .then().statusCode(401).contentType(PROBLEM);
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).when().get("/users/me")
                .then().statusCode(200)
                .body("id", equalTo(user.id()))
                .body("username", equalTo(user.username()));
    }

    @Test
    void getById() {
        TestUsers.Registered user = TestUsers.register();
        TestUsers.Registered other = TestUsers.register();
        given().auth().oauth2(user.token()).when().get("/users/" + other.id())
                .then().statusCode(200).body("username", equalTo(other.username()));
        given().auth().oauth2(user.token()).when().get("/users/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(user.token()).when().get("/users/not-a-uuid")
                .then().statusCode(404).contentType(PROBLEM);
        given().when().get("/users/" + other.id())
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void lookupByExactUsername() {
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).queryParam("username", user.username())
                .when().get("/users")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(user.id()));
        given().auth().oauth2(user.token()).queryParam("username", user.username().substring(0, 5))
                .when().get("/users")
                .then().statusCode(200).body("$", empty());
        given().auth().oauth2(user.token())
                .when().get("/users")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void renameMe() {
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "New Name"))
                .when().patch("/users/me")
                .then().statusCode(200).body("displayName", equalTo("New Name"));
        given().auth().oauth2(user.token()).when().get("/users/me")
                .then().statusCode(200).body("displayName", equalTo("New Name"));
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("displayName", " "))
                .when().patch("/users/me")
                .then().statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("displayName"));
    }

    @Test
    void deletedUserIsGoneAndCannotGetTokens() {
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).when().delete("/users/me")
                .then().statusCode(204);
        given().auth().oauth2(user.token()).when().get("/users/me")
                .then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "password", TestUsers.PASSWORD))
                .when().post("/auth/token")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        // Readiness is the database only: a Kafka outage must not take user-service out of its Service.
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", not(hasItem(containsStringIgnoringCase("Kafka"))));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("outbox_relayed"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/auth/token"));
    }

    /** Paths a client makes up are not metric series: without a route template a 4xx is not recorded. */
    @Test
    void madeUpPathsDoNotBecomeMetricSeries() {
        String madeUp = "made-up-" + UUID.randomUUID();
        given().when().put("/users/" + madeUp).then().statusCode(405);
        given().when().get("/users/" + madeUp).then().statusCode(401);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds"))
                .body(not(containsString(madeUp)));
    }

    @Test
    void browsersOnTheGatewayOriginMayCallTheApi() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/users")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/users")
                .then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void jwksPublishesTheVerificationKey() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0]", not(hasKey("d")));
    }
}
