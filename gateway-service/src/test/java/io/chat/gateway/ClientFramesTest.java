package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;

/** What clients may send, and what happens to clients that misbehave. */
@QuarkusTest
class ClientFramesTest {

    @Inject
    Vertx vertx;

    @Test
    void pingGetsPong() {
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            socket.send("{\"type\":\"ping\"}");
            assertEquals(0, socket.expect("pong").path("data").size());
        }
    }

    @Test
    void typingReachesTheOtherMembersOnly() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser carol = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        TestEvents.awaitGatewayReady();
        try (SocketClient a1 = TestGateway.open(alice.token()); SocketClient a2 = TestGateway.open(alice.token());
                SocketClient b = TestGateway.open(bob.token()); SocketClient c = TestGateway.open(carol.token())) {
            a1.send("{\"type\":\"typing\",\"roomId\":\"" + room + "\"}");
            JsonNode typing = b.expect("typing");
            assertEquals(room, typing.path("roomId").asText());
            assertEquals(alice.id(), typing.path("data").path("userId").asText());
            assertEquals(room, typing.path("data").path("roomId").asText());
            a1.sync();
            a2.sync();
            c.sync();
            assertEquals(List.of(), a1.ofType("typing"));
            assertEquals(List.of(), a2.ofType("typing"));
            assertEquals(List.of(), c.ofType("typing"));

            c.send("{\"type\":\"typing\",\"roomId\":\"" + room + "\"}");
            assertEquals("not_member", c.expect("error").path("data").path("code").asText());
        }
    }

    @Test
    void typingIsRateLimitedPerUserAndRoomAcrossTheirConnections() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser carol = TestGateway.user();
        String room = UUID.randomUUID().toString();
        List.of(alice, bob, carol).forEach(u -> ChatServiceDouble.member(room, u.id()));
        TestEvents.awaitGatewayReady();
        try (SocketClient a = TestGateway.open(alice.token()); SocketClient a2 = TestGateway.open(alice.token());
                SocketClient b = TestGateway.open(bob.token()); SocketClient c = TestGateway.open(carol.token())) {
            String typing = "{\"type\":\"typing\",\"roomId\":\"" + room + "\"}";
            a.send(typing);
            a.send(typing);
            a2.send(typing); // another of alice's sockets: still alice typing in that room
            a.sync();
            a2.sync();
            c.send(typing); // same room, so the same partition: arrives after whatever alice's frames caused
            b.expect(f -> f.path("type").asText().equals("typing") && f.path("data").path("userId").asText().equals(carol.id()));
            assertEquals(1, b.ofType("typing").stream()
                    .filter(f -> f.path("data").path("userId").asText().equals(alice.id())).count());
            assertEquals(List.of(), a.ofType("error"));
        }
    }

    @Test
    void badFramesGetAnErrorAndTheConnectionStaysOpen() {
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            socket.send("not json");
            socket.send("{\"type\":\"shout\"}");
            socket.send("{\"type\":\"typing\"}");
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
            socket.send("");
            socket.send("{\"type\":\"ping\"} trailing");
            await().atMost(Duration.ofSeconds(20)).until(() -> socket.ofType("error").size() == 6);
            assertEquals(List.of("bad_json", "unknown_type", "invalid", "too_large", "bad_json", "bad_json"),
                    socket.ofType("error").stream().map(f -> f.path("data").path("code").asText()).toList());
            assertTrue(socket.ofType("error").stream().allMatch(f -> f.path("data").hasNonNull("message")));
            socket.sync();
        }
    }

    /** Over the transport's cap (256 KiB) in several frames: Vert.x drops the message; the client hears why. */
    @Test
    void aMessageOverTheTransportCapIsTooLargeAndTheConnectionStaysOpen() {
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            socket.welcome();
            String part = "x".repeat(60_000);
            socket.sendFragments(part, part, part, part, part); // the fifth takes it past 262,144 bytes
            assertEquals("too_large", socket.expect("error").path("data").path("code").asText());
            socket.send("{\"type\":\"ping\"}");
            socket.expect("pong");
        }
    }

    @Test
    void binaryFramesGetAnErrorAndCountAgainstTheRate() {
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            socket.sendBinary(new byte[] { 1, 2, 3 });
            assertEquals("binary_unsupported", socket.expect("error").path("data").path("code").asText());
            socket.sync(); // still open
            try {
                for (int i = 0; i < 100 && !socket.isClosed(); i++) {
                    socket.sendBinary(new byte[] { 1 });
                }
            } catch (CompletionException closedMeanwhile) {
                // the server closed the socket while we were still sending
            }
            assertEquals(1008, socket.awaitClose());
        }
    }

    @Test
    void pingFramesCountAgainstTheRate() {
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            try {
                for (int i = 0; i < 100 && !socket.isClosed(); i++) {
                    socket.sendPing();
                }
            } catch (CompletionException closedMeanwhile) {
                // the server closed the socket while we were still sending
            }
            assertEquals(1008, socket.awaitClose());
        }
    }

    @Test
    void aFlooderIsClosedWith1008() {
        double floodsBefore = floods();
        try (SocketClient socket = TestGateway.open(TestGateway.user().token())) {
            for (int i = 0; i < 100 && !socket.isClosed(); i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            assertEquals(1008, socket.awaitClose());
            assertEquals(floodsBefore + 1, floods(), "one flooder, one count");
        }
    }

    @Test
    void framesSentBeforeTheWelcomeAreHandledAfterItInOrder() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        TestEvents.awaitGatewayReady();
        try (SocketClient b = TestGateway.open(bob.token())) {
            CountDownLatch roomsAnswer = ChatServiceDouble.hold(alice.id());
            try (SocketClient a = TestGateway.openWhileTheRoomsLoad(alice)) {
                a.send("{\"type\":\"typing\",\"roomId\":\"" + room + "\"}"); // a member once the rooms are loaded
                a.send("{\"type\":\"shout\"}");
                a.send("{\"type\":\"ping\"}");
                roomsAnswer.countDown();

                assertEquals(alice.id(), b.expect("typing").path("data").path("userId").asText());
                a.expect("pong");
                assertEquals(List.of("welcome", "error", "pong"), a.frames().stream().map(f -> f.path("type").asText()).toList());
                assertEquals("unknown_type", a.expect("error").path("data").path("code").asText());
            } finally {
                roomsAnswer.countDown();
            }
        }
    }

    @Test
    void aFlooderIsClosedWith1008WhileItsRoomsAreStillLoading() {
        TestUser alice = TestGateway.user();
        CountDownLatch roomsAnswer = ChatServiceDouble.hold(alice.id());
        double floodsBefore = floods();
        try (SocketClient a = TestGateway.openWhileTheRoomsLoad(alice)) {
            try {
                for (int i = 0; i < 100 && !a.isClosed(); i++) {
                    a.send("{\"type\":\"ping\"}");
                }
            } catch (CompletionException closedMeanwhile) {
                // the server closed the socket while we were still sending
            }
            // closed now, not once chat-service answers: the frames that wait for the welcome are bounded
            assertEquals(1008, a.awaitClose());
            assertEquals(List.of(), a.frames());
            // one flooder, one count, however many of its frames were still arriving as it closed
            assertEquals(floodsBefore + 1, floods());
        } finally {
            roomsAnswer.countDown();
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedWith1013() throws Exception {
        TestUser reader = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, reader.id());
        TestEvents.awaitGatewayReady();
        CompletableFuture<Short> closeCode = new CompletableFuture<>();
        AtomicInteger frames = new AtomicInteger();
        CompletableFuture<io.vertx.core.http.WebSocket> opened = new CompletableFuture<>();
        vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("localhost").setPort(TestGateway.port())
                .setURI("/ws").setAllowOriginHeader(false).addHeader("Authorization", "Bearer " + reader.token()))
                .onSuccess(ws -> {
                    ws.textMessageHandler(text -> frames.incrementAndGet());
                    ws.closeHandler(v -> closeCode.complete(ws.closeStatusCode()));
                    opened.complete(ws);
                }).onFailure(opened::completeExceptionally);
        io.vertx.core.http.WebSocket ws = opened.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.get() >= 1);
        ws.pause();

        String big = "x".repeat(60_000);
        for (long seq = 1; !closedSlowConsumer() && seq <= 1000; seq++) {
            TestEvents.message(room, seq, big);
        }
        await().atMost(Duration.ofSeconds(30)).until(ClientFramesTest::closedSlowConsumer);
        ws.resume();
        assertEquals((short) 1013, closeCode.get(30, TimeUnit.SECONDS));
    }

    private static double floods() {
        return TestGateway.metric("gateway_connections_closed_total{", "\"flood\"");
    }

    private static boolean closedSlowConsumer() {
        String metrics = given().when().get("/q/metrics").asString();
        return metrics.lines().anyMatch(l -> l.startsWith("gateway_connections_closed_total")
                && l.contains("slow-consumer") && !l.endsWith(" 0.0"));
    }
}
