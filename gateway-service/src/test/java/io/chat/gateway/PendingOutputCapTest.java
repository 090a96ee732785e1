package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The instance-wide bound on pending output: stalled readers, each under its own {@code max-pending-bytes},
 * together cross {@code max-pending-bytes-total}; the newest of them is closed with 1013, an older stalled
 * one stays open, and a reader that keeps up gets every message.
 */
@QuarkusTest
@TestProfile(PendingOutputCapTest.SmallTotal.class)
class PendingOutputCapTest {

    private static final long TOTAL = 1_048_576;
    private static final int MAX_MESSAGES = 2000;
    private static final String TEXT = "x".repeat(32_000);

    public static class SmallTotal implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Per connection twice the total, so only the total can close a connection here.
            return Map.of("chat.gateway.limits.max-pending-bytes-total", String.valueOf(TOTAL),
                    "chat.gateway.limits.max-pending-bytes", String.valueOf(2 * TOTAL));
        }
    }

    @Test
    void theNewestStalledReaderIsClosedWhenAllTogetherCrossTheCap() {
        TestUser fast = TestGateway.user();
        TestUser older = TestGateway.user();
        TestUser newer = TestGateway.user();
        String roomA = UUID.randomUUID().toString();
        String roomB = UUID.randomUUID().toString();
        ChatServiceDouble.member(roomA, fast.id());
        ChatServiceDouble.member(roomB, fast.id());
        ChatServiceDouble.member(roomA, older.id());
        ChatServiceDouble.member(roomB, newer.id());
        TestEvents.awaitGatewayReady();
        try (SocketClient reader = TestGateway.open(fast.token()); SocketClient olderStalled = TestGateway.open(older.token());
                SocketClient newerStalled = TestGateway.open(newer.token())) {
            olderStalled.pauseReading();
            newerStalled.pauseReading();

            // Room A until the older stalled reader holds well over its fair share (a third) of the total.
            // Each message is awaited at the reader, so its copy to the stalled one was handed over too.
            long sentA = 0;
            while (pendingBytes() <= TOTAL * 2 / 5 && sentA < MAX_MESSAGES) {
                sentA++;
                TestEvents.message(roomA, sentA, TEXT);
                awaitSeq(reader, roomA, sentA);
            }
            assertTrue(pendingBytes() > TOTAL * 2 / 5, "the older stalled reader fell behind");

            // Room B until the newer one's output, added to it, crosses the total.
            long sentB = 0;
            while (closedOverTotal() == 0 && sentB < MAX_MESSAGES) {
                sentB++;
                TestEvents.message(roomB, sentB, TEXT);
                awaitSeq(reader, roomB, sentB);
            }
            assertEquals(1, closedOverTotal());

            newerStalled.resumeReading();
            assertEquals(1013, newerStalled.awaitClose());

            olderStalled.resumeReading();
            awaitSeq(olderStalled, roomA, sentA);
            olderStalled.sync();
            assertFalse(olderStalled.isClosed());
            assertEquals(LongStream.rangeClosed(1, sentA).boxed().toList(), seqs(olderStalled, roomA));

            reader.sync();
            assertEquals(LongStream.rangeClosed(1, sentA).boxed().toList(), seqs(reader, roomA));
            assertEquals(LongStream.rangeClosed(1, sentB).boxed().toList(), seqs(reader, roomB));
            assertFalse(reader.isClosed());
        }
    }

    private static void awaitSeq(SocketClient socket, String roomId, long seq) {
        socket.expect(f -> "message.created".equals(f.path("type").asText()) && roomId.equals(f.path("roomId").asText())
                && f.path("data").path("seq").asLong() == seq);
    }

    private static List<Long> seqs(SocketClient socket, String roomId) {
        return socket.ofType("message.created").stream().filter(f -> roomId.equals(f.path("roomId").asText()))
                .map(f -> f.path("data").path("seq").asLong()).toList();
    }

    private static long pendingBytes() {
        return (long) TestGateway.metric("gateway_pending_bytes ", "");
    }

    private static long closedOverTotal() {
        return (long) TestGateway.metric("gateway_connections_closed_total{", "\"pending-total\"");
    }
}
