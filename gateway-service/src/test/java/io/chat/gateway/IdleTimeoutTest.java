package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chat.testkit.PollClient;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * Server pings keep a live client open; a client that answers nothing is closed when idle. A long-poll
 * session that keeps polling stays; one not polled expires.
 */
@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
class IdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.websockets-next.server.auto-ping-interval", "300ms",
                    "chat.gateway.limits.idle-timeout", "2s", "chat.gateway.poll.session-expiry", "3s");
        }
    }

    @Inject
    Vertx vertx;

    @Test
    void aSilentClientIsClosedWhileOneAnsweringPingsStays() throws Exception {
        try (SocketClient live = TestGateway.open(TestGateway.user().token())) {
            CompletableFuture<Short> silentClosed = new CompletableFuture<>();
            io.vertx.core.http.WebSocket silent = vertx.createWebSocketClient()
                    .connect(new WebSocketConnectOptions().setHost("localhost").setPort(TestGateway.port()).setURI("/ws")
                            .setAllowOriginHeader(false).addHeader("Authorization", "Bearer " + TestGateway.user().token()))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            silent.closeHandler(v -> silentClosed.complete(silent.closeStatusCode()));
            silent.pause(); // reads nothing, so answers no ping
            await().atMost(Duration.ofSeconds(20)).until(() -> given().when().get("/q/metrics").asString().lines()
                    .anyMatch(l -> l.startsWith("gateway_connections_closed_total") && l.contains("idle")
                            && !l.endsWith(" 0.0")));
            silent.resume();
            assertEquals((short) 1001, silentClosed.get(20, TimeUnit.SECONDS));
            assertFalse(live.isClosed(), "the client answering server pings was closed");
            live.sync();
        }
    }

    @Test
    void aSessionNotPolledExpiresAndItsUserGoesOffline() throws Exception {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String gateway = "http://localhost:" + TestGateway.port();
        assertEquals("offline", status(alice));
        PollClient idle = PollClient.open(gateway, alice.token());
        PollClient polling = PollClient.open(gateway, bob.token());
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> keepPolling = CompletableFuture.runAsync(() -> {
            while (!stop.get() && !polling.ended()) {
                polling.poll(Duration.ofSeconds(1));
            }
        });
        try {
            idle.poll(Duration.ZERO);
            assertEquals("online", status(alice));
            // the profile's expiry is 3 s; alice does not poll any more, bob does all along
            await().atMost(Duration.ofSeconds(20)).until(() -> status(alice).equals("offline"));
            given().auth().oauth2(alice.token()).when().get("/poll/" + idle.sessionId() + "?wait=0").then().statusCode(404);
        } finally {
            stop.set(true);
            keepPolling.get(20, TimeUnit.SECONDS);
        }
        assertFalse(polling.ended(), "the session that kept polling was ended");
        assertEquals("online", status(bob));
        polling.close();
    }

    private static String status(TestUser user) {
        return given().auth().oauth2(user.token()).queryParam("userId", user.id()).when().get("/presence")
                .then().statusCode(200).extract().path("status[0]");
    }
}
