package io.chat.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** The security rules of the contract's "Changes since the first version", as an attacker would try them. */
@QuarkusTest
class AuthHardeningTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @Test
    void controlCharactersAreRefusedInEveryTextFieldAlsoUnauthenticated() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", TestUsers.uniqueName(), "displayName", "Ada\u0000", "password", "pass\u0001word!"))
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("password"));
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "bob\u0000", "password", "whatever1"))
                .when().post("/auth/token")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("username"));
        given().urlEncodingEnabled(false).auth().oauth2(TestUsers.register().token())
                .when().get("/users?username=a%00b")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("username"));
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "line\u001bbreak"))
                .when().patch("/users/me")
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", hasItem("displayName"));
        // a lone surrogate has no UTF-8 form: stored or hashed it becomes "?", so two passwords would be one
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + TestUsers.uniqueName() + "\",\"displayName\":\"a\\ud800b\",\"password\":\"pass\\udc00word123\"}")
                .when().post("/users")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", hasItem("displayName"))
                .body("violations.field", hasItem("password"));
        // TAB, LF and CR are text, not control
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "two\tparts"))
                .when().patch("/users/me")
                .then().statusCode(200);
    }

    @Test
    void tenFailuresLockTheUsernameEvenAgainstTheRightPassword() {
        TestUsers.Registered user = TestUsers.register();
        for (int i = 0; i < 10; i++) {
            signIn(user.username(), "wrong-password-" + i).then().statusCode(401);
        }
        signIn(user.username(), TestUsers.PASSWORD)
                .then().statusCode(429).contentType(PROBLEM);
        long retryAfter = Long.parseLong(signIn(user.username(), TestUsers.PASSWORD).header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= Duration.ofMinutes(10).toSeconds(), "Retry-After " + retryAfter);
        // an unknown username locks the same way, so a lock tells nothing about existence
        String nobody = TestUsers.uniqueName();
        for (int i = 0; i < 10; i++) {
            signIn(nobody, "wrong-password").then().statusCode(401);
        }
        signIn(nobody, "wrong-password").then().statusCode(429);
    }

    /** Guesses sent in parallel are counted as they arrive: at most ten of them are checked. */
    @Test
    void parallelGuessesCannotPassTheLockout() throws Exception {
        TestUsers.Registered user = TestUsers.register();
        int guesses = 30;
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "wrong-password-" + i;
                answers.add(pool.submit(() -> signIn(user.username(), guess).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertEquals(10, statuses.stream().filter(status -> status == 401).count(), statuses.toString());
            assertEquals(guesses - 10, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        signIn(user.username(), TestUsers.PASSWORD).then().statusCode(429).contentType(PROBLEM);
    }

    @Test
    void aSuccessfulSignInClearsEarlierFailures() {
        TestUsers.Registered user = TestUsers.register();
        for (int i = 0; i < 9; i++) {
            signIn(user.username(), "wrong-password").then().statusCode(401);
        }
        signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200);
        for (int i = 0; i < 9; i++) {
            signIn(user.username(), "wrong-password").then().statusCode(401);
        }
        signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200);
    }

    @Test
    void passwordsAreComparedInFullBeyondBcryptsSeventyTwoBytes() {
        String prefix = "p".repeat(72);
        String username = TestUsers.uniqueName();
        register(username, prefix + "-first");
        signIn(username, prefix + "-second").then().statusCode(401);
        signIn(username, prefix + "-first").then().statusCode(200);
    }

    @Test
    void theConfiguredAdminUsernameCannotBeRegistered() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "displayName", "Mallory", "password", "mallory-password"))
                .when().post("/users")
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void tokensCarryTheAudienceAndOthersAreRefused() throws Exception {
        TestUsers.Registered user = TestUsers.register();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(user.token().split("\\.")[1]));
        assertEquals("chat", claims.path("aud").isArray() ? claims.path("aud").path(0).asText() : claims.path("aud").asText());
        TestTokens tokens = TestInfrastructure.get().tokens();
        given().auth().oauth2(tokens.token(user.id(), List.of("user"), Duration.ofMinutes(5)))
                .when().get("/users/me").then().statusCode(200);
        given().auth().oauth2(tokens.token(user.id(), List.of("user"), Duration.ofMinutes(5), "someone-else"))
                .when().get("/users/me").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aDeletedUsersTokenIsRefusedEverywhere() {
        TestUsers.Registered user = TestUsers.register();
        TestUsers.Registered other = TestUsers.register();
        given().auth().oauth2(user.token()).when().delete("/users/me").then().statusCode(204);
        given().auth().oauth2(user.token()).when().get("/users/me").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(user.token()).when().get("/users/" + other.id()).then().statusCode(401);
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("displayName", "ghost"))
                .when().patch("/users/me").then().statusCode(401);
        given().auth().oauth2(user.token()).when().delete("/users/me").then().statusCode(401);
    }

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheWholeLogin() {
        TestUsers.Registered user = TestUsers.register();
        String first = signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200)
                .body("refreshToken", notNullValue()).extract().path("refreshToken");

        ExtractableResponse<Response> refreshed = refresh(first).then().statusCode(200)
                .body("tokenType", equalTo("Bearer")).extract();
        String second = refreshed.path("refreshToken");
        given().auth().oauth2(refreshed.<String> path("accessToken")).when().get("/users/me")
                .then().statusCode(200).body("id", equalTo(user.id()));

        // the first token was rotated: presenting it again is a 401 and revokes the login's newest token too
        refresh(first).then().statusCode(401).contentType(PROBLEM);
        refresh(second).then().statusCode(401);
    }

    @Test
    void logoutRevokesTheRefreshTokenButNotOtherLogins() {
        TestUsers.Registered user = TestUsers.register();
        String phone = signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200).extract().path("refreshToken");
        String laptop = signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200).extract().path("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", phone))
                .when().post("/auth/logout").then().statusCode(204);
        refresh(phone).then().statusCode(401);
        refresh(laptop).then().statusCode(200);
    }

    @Test
    void aDeletedUsersRefreshTokensStopWorking() {
        TestUsers.Registered user = TestUsers.register();
        String refreshToken = signIn(user.username(), TestUsers.PASSWORD).then().statusCode(200).extract().path("refreshToken");
        given().auth().oauth2(user.token()).when().delete("/users/me").then().statusCode(204);
        refresh(refreshToken).then().statusCode(401);
        refresh("not-a-token-at-all").then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "")).when().post("/auth/refresh")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aLongLockOnTheUserRowIsA503WithRetryAfter() throws Exception {
        TestUsers.Registered user = TestUsers.register();
        try (Connection holder = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword)) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM users WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(user.id()));
                lock.executeQuery();
            }
            given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("displayName", "Locked"))
                    .when().patch("/users/me")
                    .then().statusCode(503).contentType(PROBLEM).header("Retry-After", notNullValue());
            holder.rollback();
        }
        given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(Map.of("displayName", "Unlocked"))
                .when().patch("/users/me").then().statusCode(200);
    }

    private static Response signIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .when().post("/auth/token");
    }

    private static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refreshToken", refreshToken))
                .when().post("/auth/refresh");
    }

    private static void register(String username, String password) {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", username, "password", password))
                .when().post("/users").then().statusCode(201);
    }
}
