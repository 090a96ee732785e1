package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.events.ChatEvents;
import io.chat.testkit.PollClient;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The {@code resume} frame: the messages after the client's last seq, then {@code resumed}, then live
 * events with no gap and no repeat, also while messages are being posted. chat-service's history is the
 * double's; a "post" commits the message there and then publishes its event, as chat-service does.
 */
@QuarkusTest
class ResumeTest {

    @Test
    void everySeqArrivesExactlyOnceAcrossADisconnectWhileMessagesKeepComing() throws Exception {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        int total = 300;
        AtomicLong posted = new AtomicLong();
        SocketClient first = TestGateway.open(alice.token());
        CompletableFuture<Void> poster = CompletableFuture.runAsync(() -> {
            for (int seq = 1; seq <= total; seq++) {
                post(room, seq);
                posted.set(seq);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> seqs(first.frames(), room).size() >= 30);
        first.close();
        List<Long> before = seqs(first.frames(), room);
        long lastSeq = before.get(before.size() - 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> posted.get() >= lastSeq + 30); // posted while away

        try (SocketClient second = SocketClient.connect(SocketClient.builder().header("Authorization",
                "Bearer " + alice.token()), TestGateway.ws())) {
            second.send(Map.of("type", "resume", "rooms", Map.of(room, lastSeq))); // before welcome, as its first frame
            poster.get(120, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> seqs(second.frames(), room).contains((long) total));
            second.sync();
            List<JsonNode> frames = second.frames();

            JsonNode resumed = second.expect("resumed").path("data");
            assertEquals(room, resumed.path("roomId").asText());
            assertEquals(lastSeq + 1, resumed.path("fromSeq").asLong());
            assertEquals(false, resumed.path("truncated").asBoolean());
            long toSeq = resumed.path("toSeq").asLong();
            int at = indexOf(frames, "resumed");
            List<Long> upToResumed = seqs(frames.subList(0, at), room);
            List<Long> replayed = LongStream.rangeClosed(lastSeq + 1, toSeq).boxed().toList();
            List<Long> live = seqs(frames.subList(at, frames.size()), room);
            // the replay is every seq after lastSeq, also those that came live between welcome and the
            // resume being handled (they precede it); after resumed, the live stream goes on from its end
            int early = upToResumed.size() - replayed.size();
            assertTrue(early >= 0, () -> "replay short: " + upToResumed);
            assertEquals(replayed, upToResumed.subList(early, upToResumed.size()), "the replay");
            assertTrue(replayed.containsAll(upToResumed.subList(0, early)), () -> "before the replay: " + upToResumed);
            List<Long> all = new ArrayList<>(before);
            all.addAll(replayed);
            all.addAll(live);
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), all, "every seq once, in order, none lost");
        }
    }

    @Test
    void liveMessagesDuringTheHistoryReadAreNeitherLostNorRepeated() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = room(alice);
        ChatServiceDouble.member(room, bob.id());
        CountDownLatch history = ChatServiceDouble.holdHistory(room);
        try (SocketClient b = TestGateway.open(bob.token())) {
            postHandled(room, 5, b);
            try (SocketClient a = TestGateway.open(alice.token())) {
                a.send(Map.of("type", "resume", "rooms", Map.of(room, 2)));
                await().atMost(Duration.ofSeconds(20)).until(() -> ChatServiceDouble.historyWaiting(room));
                // committed before the (held) history read answers, delivered live while it is under way
                post(room, 6);
                post(room, 7);
                b.send(Map.of("type", "typing", "roomId", room));
                await().atMost(Duration.ofSeconds(20)).until(() -> seqs(b.frames(), room).contains(7L));
                assertEquals(List.of(), seqs(a.frames(), room), "live messages of the room wait for the replay");
                history.countDown();
                a.expect("resumed");
                post(room, 8);
                await().atMost(Duration.ofSeconds(20)).until(() -> seqs(a.frames(), room).contains(8L));
                a.sync();
                List<JsonNode> frames = a.frames();
                assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), seqs(frames, room));
                JsonNode resumed = a.expect("resumed").path("data");
                assertEquals(3, resumed.path("fromSeq").asLong());
                assertEquals(7, resumed.path("toSeq").asLong());
                assertTrue(indexOf(frames, "typing") > indexOf(frames, "resumed"), "typing held until after the replay");
            }
        }
    }

    @Test
    void aLongHistoryIsTruncated() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        for (int seq = 1; seq <= 1005; seq++) {
            ChatServiceDouble.posted(TestEvents.messageData(room, seq, "m"));
        }
        try (SocketClient a = TestGateway.open(alice.token())) {
            a.send(Map.of("type", "resume", "rooms", Map.of(room, 0)));
            JsonNode resumed = a.expect("resumed").path("data");
            assertTrue(resumed.path("truncated").asBoolean());
            long toSeq = resumed.path("toSeq").asLong();
            // at most 1000, fewer where half the slow-reader bound (%test: 128 KiB) is reached first
            assertTrue(toSeq > 0 && toSeq <= 1000, "toSeq " + toSeq);
            assertEquals(LongStream.rangeClosed(1, toSeq).boxed().toList(), seqs(a.frames(), room));
        }
    }

    @Test
    void onlyMembersRoomsAndValidSeqsAreResumed() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        post(room, 1);
        String foreign = UUID.randomUUID().toString();
        try (SocketClient a = TestGateway.open(alice.token())) {
            a.send(Map.of("type", "resume", "rooms", Map.of(foreign, 0)));
            assertEquals("not_member", a.expect("error").path("data").path("code").asText());
            a.send("{\"type\":\"resume\",\"rooms\":{\"" + room + "\":\"x\"}}");
            a.expect(f -> "invalid".equals(f.path("data").path("code").asText()));
            a.send("{\"type\":\"resume\"}");
            a.sync();
            assertEquals(2, a.ofType("error").stream().filter(f -> "invalid".equals(f.path("data").path("code").asText()))
                    .count());
            a.send(Map.of("type", "resume", "rooms", Map.of(room, 0)));
            assertEquals(room, a.expect("resumed").path("roomId").asText());
            assertEquals(List.of(1L), seqs(a.frames(), room));
        }
    }

    @Test
    void aLongPollSessionResumesThroughItsFrames() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = room(alice);
        ChatServiceDouble.member(room, bob.id());
        try (SocketClient b = TestGateway.open(bob.token())) {
            postHandled(room, 3, b);
        }
        try (PollClient poll = PollClient.open("http://localhost:" + TestGateway.port(), alice.token())) {
            assertEquals(202, poll.send(Map.of("type", "resume", "rooms", Map.of(room, 1))));
            poll.expect("resumed");
            assertEquals(List.of(2L, 3L), seqs(poll.events(), room));
            post(room, 4);
            poll.expect(e -> e.path("data").path("seq").asLong() == 4);
            assertEquals(List.of(2L, 3L, 4L), seqs(poll.events(), room));
        }
    }

    @Test
    void messagesThatCameLiveBeforeTheResumeAreReplayedToo() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        ChatServiceDouble.posted(TestEvents.messageData(room, 1, "m1")); // committed before alice connects
        try (SocketClient a = TestGateway.open(alice.token())) {
            post(room, 2);
            post(room, 3);
            await().atMost(Duration.ofSeconds(20)).until(() -> seqs(a.frames(), room).contains(3L));
            a.send(Map.of("type", "resume", "rooms", Map.of(room, 0)));
            JsonNode resumed = a.expect("resumed").path("data");
            assertEquals(1, resumed.path("fromSeq").asLong());
            assertEquals(3, resumed.path("toSeq").asLong());
            assertEquals(false, resumed.path("truncated").asBoolean());
            // a late copy of a replayed message (Kafka redelivers) is not repeated after resumed
            TestEvents.chat(ChatEvents.MESSAGE_CREATED, room, TestEvents.messageData(room, 3, "m3"));
            post(room, 4);
            await().atMost(Duration.ofSeconds(20)).until(() -> seqs(a.frames(), room).contains(4L));
            a.sync();
            List<JsonNode> frames = a.frames();
            assertEquals(List.of(2L, 3L, 1L, 2L, 3L, 4L), seqs(frames, room), "live, replay, live");
            assertEquals(List.of(4L), seqs(frames.subList(indexOf(frames, "resumed"), frames.size()), room));
        }
    }

    @Test
    void aLastSeqPastTheRoomsLastMessageGetsAnEmptyReplayAndHidesNoLiveMessage() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        String other = room(alice);
        ChatServiceDouble.posted(TestEvents.messageData(room, 1, "m1"));
        ChatServiceDouble.posted(TestEvents.messageData(other, 1, "m1"));
        try (SocketClient a = TestGateway.open(alice.token())) {
            a.send(Map.of("type", "resume", "rooms", Map.of(room, 100)));
            a.send(Map.of("type", "resume", "rooms", Map.of(other, Long.MAX_VALUE)));  // fromSeq would overflow
            a.send(Map.of("type", "resume", "rooms", Map.of(other, Long.MAX_VALUE - 1)));
            await().atMost(Duration.ofSeconds(20)).until(() -> a.ofType("resumed").size() == 2);
            assertEquals("invalid", a.ofType("error").get(0).path("data").path("code").asText());
            JsonNode resumed = a.ofType("resumed").stream()
                    .filter(f -> f.path("data").path("roomId").asText().equals(room)).findFirst().orElseThrow().path("data");
            assertEquals(101, resumed.path("fromSeq").asLong());
            assertEquals(100, resumed.path("toSeq").asLong());
            for (long seq = 2; seq <= 4; seq++) {
                post(room, seq);
                post(other, seq);
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> seqs(a.frames(), room).contains(4L) && seqs(a.frames(), other).contains(4L));
            a.sync();
            assertEquals(List.of(2L, 3L, 4L), seqs(a.frames(), room));
            assertEquals(List.of(2L, 3L, 4L), seqs(a.frames(), other));
        }
    }

    @Test
    void aFailedHistoryReadHidesNoLiveMessage() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        ChatServiceDouble.failHistory(room);
        try (SocketClient a = TestGateway.open(alice.token())) {
            a.send(Map.of("type", "resume", "rooms", Map.of(room, Long.MAX_VALUE - 1)));
            assertEquals("unavailable", a.expect("error").path("data").path("code").asText());
            post(room, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> seqs(a.frames(), room).contains(1L));
        }
    }

    private static String room(TestUser member) {
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, member.id());
        TestEvents.awaitGatewayReady();
        return room;
    }

    /** What chat-service does for a post: commit (the history has it), then publish its event. */
    private static void post(String room, long seq) {
        ChatEvents.MessageData message = TestEvents.messageData(room, seq, "m" + seq);
        ChatServiceDouble.posted(message);
        TestEvents.chat(ChatEvents.MESSAGE_CREATED, room, message);
    }

    /**
     * Posts seqs 1 to {@code last} and waits until the gateway has delivered the last one to {@code member}'s
     * socket: the events are handled before a connection opened afterwards exists, so none reach it live.
     */
    private static void postHandled(String room, long last, SocketClient member) {
        for (long seq = 1; seq <= last; seq++) {
            post(room, seq);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> seqs(member.frames(), room).contains(last));
    }

    private static List<Long> seqs(List<JsonNode> frames, String room) {
        return frames.stream().filter(f -> "message.created".equals(f.path("type").asText()) && room.equals(f.path("roomId").asText()))
                .map(f -> f.path("data").path("seq").asLong()).toList();
    }

    private static int indexOf(List<JsonNode> frames, String type) {
        for (int i = 0; i < frames.size(); i++) {
            if (type.equals(frames.get(i).path("type").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in " + frames);
    }
}
