package io.chat.user;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Per-address limits on the endpoints anyone may call, with limits low enough to reach in a test. */
@QuarkusTest
@TestProfile(ClientRateLimitTest.LowLimits.class)
class ClientRateLimitTest {

    private static final int LIMIT = 3;

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.users.limits.registrations-per-minute", Integer.toString(LIMIT),
                    "chat.users.limits.token-requests-per-minute", Integer.toString(LIMIT));
        }
    }

    @Test
    void registrationsAndSignInsFromOneAddressAreLimited() {
        for (int i = 0; i < LIMIT; i++) {
            register(TestUsers.uniqueName()).then().statusCode(201);
        }
        assertLimited(register(TestUsers.uniqueName()));

        for (int i = 0; i < LIMIT; i++) {
            signIn().then().statusCode(401);
        }
        assertLimited(signIn());
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnAllowance() {
        // The tests' peer is 127.0.0.1, a trusted proxy by default (as the gateway's /api proxy is).
        // Documentation-range addresses (RFC 5737); the limiter's counts live as long as the application.
        String browser = "198.51.100.7";
        String otherBrowser = "198.51.100.8";
        for (int i = 0; i < LIMIT; i++) {
            register(TestUsers.uniqueName(), browser).then().statusCode(201);
        }
        assertLimited(register(TestUsers.uniqueName(), browser));
        // The proxy appends its own peer; the first entry is the client's.
        assertLimited(register(TestUsers.uniqueName(), browser + ", 10.1.2.3"));
        register(TestUsers.uniqueName(), otherBrowser).then().statusCode(201);
    }

    private static void assertLimited(Response response) {
        assertEquals(429, response.statusCode());
        assertEquals("application/problem+json", response.contentType());
        long retryAfter = Long.parseLong(response.header("Retry-After"));
        // one request's worth of the per-minute allowance
        assertTrue(retryAfter >= 1 && retryAfter <= 60 / LIMIT + 1, "Retry-After " + retryAfter);
    }

    private static Response register(String username) {
        return register(username, null);
    }

    private static Response register(String username, String forwardedFor) {
        var request = given().contentType(ContentType.JSON);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request
                .body(Map.of("username", username, "displayName", username, "password", TestUsers.PASSWORD))
                .when().post("/users");
    }

    private static Response signIn() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", TestUsers.uniqueName(), "password", "wrong-password"))
                .when().post("/auth/token");
    }
}
