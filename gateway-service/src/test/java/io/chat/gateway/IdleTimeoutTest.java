package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chat.testkit.SocketClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;

/** Server pings keep a live client open; a client that answers nothing is closed when idle. */
@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
class IdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.websockets-next.server.auto-ping-interval", "300ms",
                    "chat.gateway.limits.idle-timeout", "2s");
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
}
