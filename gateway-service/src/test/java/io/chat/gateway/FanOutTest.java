package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** Events from Kafka reach exactly the connections of the room's members, in order, once. */
@QuarkusTest
class FanOutTest {

    private static String room(TestTokens.User... members) {
        String room = UUID.randomUUID().toString();
        for (TestTokens.User member : members) {
            TestChatService.member(room, member.id());
        }
        return room;
    }

    @Test
    void membersGetTheRoomsEventsAndOthersDoNot() {
        TestTokens.User alice = TestTokens.user();
        TestTokens.User bob = TestTokens.user();
        TestTokens.User carol = TestTokens.user();
        String room = room(alice, bob);
        try (TestSocket a1 = TestSocket.open(alice.token()); TestSocket a2 = TestSocket.open(alice.token());
                TestSocket b = TestSocket.open(bob.token()); TestSocket c = TestSocket.open(carol.token())) {
            String eventId = TestEvents.message(room, 1, "hello");
            for (TestSocket member : List.of(a1, a2, b)) {
                JsonNode frame = member.expect("message.created");
                assertEquals(room, frame.path("roomId").asText());
                assertEquals("hello", frame.path("data").path("text").asText());
                assertEquals(1, frame.path("data").path("seq").asLong());
            }
            c.sync();
            assertEquals(List.of(), c.ofType("message.created"), "a non-member got " + eventId);
        }
    }

    @Test
    void joinAndLeaveApplyToOpenConnections() {
        TestTokens.User alice = TestTokens.user();
        TestTokens.User bob = TestTokens.user();
        String room = room(alice);
        try (TestSocket a = TestSocket.open(alice.token()); TestSocket b = TestSocket.open(bob.token())) {
            assertEquals(0, b.welcome().path("data").path("rooms").size());
            TestEvents.joined(room, bob.id());
            assertEquals(bob.id(), b.expect("member.joined").path("data").path("userId").asText());
            a.expect("member.joined");
            TestEvents.message(room, 1, "welcome bob");
            b.expect(f -> f.path("data").path("seq").asLong() == 1);

            TestEvents.left(room, bob.id());
            b.expect("member.left");
            TestEvents.message(room, 2, "bob is gone");
            a.expect(f -> f.path("data").path("seq").asLong() == 2);
            b.sync();
            assertEquals(1, b.ofType("message.created").size());
        }
    }

    @Test
    void membershipChangesWhileTheRoomsAreLoadingAreKept() {
        TestTokens.User alice = TestTokens.user();
        TestTokens.User bob = TestTokens.user();
        String stays = room(alice, bob);
        String leaves = room(alice, bob);
        String joins = room(bob);
        TestEvents.awaitGatewayReady();
        try (TestSocket b = TestSocket.open(bob.token())) {
            CountDownLatch roomsAnswer = TestChatService.hold(alice.id());
            try (TestSocket a = TestSocket.connect(
                    TestSocket.builder().header("Authorization", "Bearer " + alice.token()), TestSocket.URL)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> TestChatService.waiting(alice.id()));
                TestEvents.joined(joins, alice.id());
                TestEvents.left(leaves, alice.id());
                b.expect(f -> f.path("type").asText().equals("member.joined") && f.path("roomId").asText().equals(joins));
                b.expect(f -> f.path("type").asText().equals("member.left") && f.path("roomId").asText().equals(leaves));
                roomsAnswer.countDown(); // chat-service's answer is older than both events

                JsonNode rooms = a.welcome().path("data").path("rooms");
                assertEquals(Set.of(stays, joins), Set.of(rooms.get(0).asText(), rooms.get(1).asText()));
                assertEquals(2, rooms.size());
                TestEvents.message(leaves, 1, "alice left this room");
                TestEvents.message(joins, 1, "alice joined this room");
                a.expect(f -> f.path("roomId").asText().equals(joins) && f.path("type").asText().equals("message.created"));
                b.expect(f -> f.path("roomId").asText().equals(leaves) && f.path("type").asText().equals("message.created"));
                a.sync();
                assertEquals(1, a.ofType("message.created").size());
            }
        }
    }

    @Test
    void roomDeletedReachesMembersThenTheRoomIsGone() {
        TestTokens.User alice = TestTokens.user();
        String room = room(alice);
        try (TestSocket a = TestSocket.open(alice.token())) {
            TestEvents.chat("room.deleted", room, Map.of("id", room, "name", "gone"));
            assertEquals(room, a.expect("room.deleted").path("data").path("id").asText());
            TestEvents.message(room, 1, "after delete");
            a.sync();
            assertEquals(List.of(), a.ofType("message.created"));
        }
    }

    @Test
    void aRoomsHundredEventsArriveInCommitOrder() {
        TestTokens.User alice = TestTokens.user();
        String room = room(alice);
        try (TestSocket a = TestSocket.open(alice.token())) {
            LongStream.rangeClosed(1, 100).forEach(seq -> TestEvents.message(room, seq, "m" + seq));
            await().atMost(Duration.ofSeconds(30)).until(() -> a.ofType("message.created").size() == 100);
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(),
                    a.ofType("message.created").stream().map(f -> f.path("data").path("seq").asLong()).toList());
        }
    }

    @Test
    void aRepeatedEventIdIsDeliveredOnce() {
        TestTokens.User alice = TestTokens.user();
        String room = room(alice);
        try (TestSocket a = TestSocket.open(alice.token())) {
            String eventId = UUID.randomUUID().toString();
            Map<String, Object> message = TestEvents.message(room, 1, "once", "m-1");
            TestEvents.publish("chat-events", eventId, "message.created", room, message);
            TestEvents.publish("chat-events", eventId, "message.created", room, message);
            TestEvents.message(room, 2, "marker");
            a.expect(f -> f.path("data").path("seq").asLong() == 2);
            assertEquals(2, a.ofType("message.created").size());
        }
    }

    @Test
    void userEventsReachThoseSharingARoom() {
        TestTokens.User alice = TestTokens.user();
        TestTokens.User bob = TestTokens.user();
        TestTokens.User carol = TestTokens.user();
        room(alice, bob);
        try (TestSocket b = TestSocket.open(bob.token()); TestSocket c = TestSocket.open(carol.token())) {
            // bob's connection loads the room's member list in the background; retry until it is known
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                TestEvents.user("user.updated", alice.id(), Map.of("id", alice.id(), "displayName", "Alice"));
                b.sync();
                return !b.ofType("user.updated").isEmpty();
            });
            assertEquals(alice.id(), b.ofType("user.updated").get(0).path("data").path("id").asText());
            c.sync();
            assertTrue(c.ofType("user.updated").isEmpty());
        }
    }
}
