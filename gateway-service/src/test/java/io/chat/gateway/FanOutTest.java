package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.Topics;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Events from Kafka reach exactly the connections of the room's members, in order, once. */
@QuarkusTest
class FanOutTest {

    private static String room(TestUser... members) {
        String room = UUID.randomUUID().toString();
        for (TestUser member : members) {
            ChatServiceDouble.member(room, member.id());
        }
        return room;
    }

    @Test
    void membersGetTheRoomsEventsAndOthersDoNot() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser carol = TestGateway.user();
        String room = room(alice, bob);
        try (SocketClient a1 = TestGateway.open(alice.token()); SocketClient a2 = TestGateway.open(alice.token());
                SocketClient b = TestGateway.open(bob.token()); SocketClient c = TestGateway.open(carol.token())) {
            UUID eventId = TestEvents.message(room, 1, "hello");
            for (SocketClient member : List.of(a1, a2, b)) {
                JsonNode frame = member.expect("message.created");
                assertEquals(room, frame.path("roomId").asText());
                assertEquals("hello", frame.path("data").path("text").asText());
                assertEquals(1, frame.path("data").path("seq").asLong());
            }
            c.sync();
            assertEquals(List.of(), c.ofType("message.created"), "a non-member got " + eventId);
        }
    }

    /** chat-service emits room.created before the creator's member.joined: the creator's connections get both. */
    @Test
    void theCreatorsConnectionsGetRoomCreated() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        try (SocketClient a = TestGateway.open(alice.token()); SocketClient b = TestGateway.open(bob.token())) {
            a.welcome();
            b.welcome();
            TestEvents.chat(ChatEvents.ROOM_CREATED, room, new ChatEvents.RoomData(UUID.fromString(room), "new room", null,
                    "public", UUID.fromString(alice.id()), Instant.now(), 0));
            TestEvents.joined(room, alice.id());
            assertEquals("new room", a.expect("room.created").path("data").path("name").asText());
            assertEquals(room, a.expect("member.joined").path("roomId").asText());
            b.sync();
            assertEquals(List.of(), b.ofType("room.created"), "a user outside the room got its room.created");
        }
    }

    @Test
    void joinAndLeaveApplyToOpenConnections() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = room(alice);
        try (SocketClient a = TestGateway.open(alice.token()); SocketClient b = TestGateway.open(bob.token())) {
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
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String stays = room(alice, bob);
        String leaves = room(alice, bob);
        String joins = room(bob);
        TestEvents.awaitGatewayReady();
        try (SocketClient b = TestGateway.open(bob.token())) {
            CountDownLatch roomsAnswer = ChatServiceDouble.hold(alice.id());
            try (SocketClient a = TestGateway.openWhileTheRoomsLoad(alice)) {
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
        TestUser alice = TestGateway.user();
        String room = room(alice);
        try (SocketClient a = TestGateway.open(alice.token())) {
            TestEvents.chat(ChatEvents.ROOM_DELETED, room, new ChatEvents.RoomData(UUID.fromString(room), "gone", null,
                    "public", UUID.fromString(alice.id()), Instant.now(), 0));
            assertEquals(room, a.expect("room.deleted").path("data").path("id").asText());
            TestEvents.message(room, 1, "after delete");
            a.sync();
            assertEquals(List.of(), a.ofType("message.created"));
        }
    }

    @Test
    void aRoomsHundredEventsArriveInCommitOrder() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        try (SocketClient a = TestGateway.open(alice.token())) {
            LongStream.rangeClosed(1, 100).forEach(seq -> TestEvents.message(room, seq, "m" + seq));
            await().atMost(Duration.ofSeconds(30)).until(() -> a.ofType("message.created").size() == 100);
            assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(),
                    a.ofType("message.created").stream().map(f -> f.path("data").path("seq").asLong()).toList());
        }
    }

    @Test
    void aRepeatedEventIdIsDeliveredOnce() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        try (SocketClient a = TestGateway.open(alice.token())) {
            EventEnvelope<ChatEvents.MessageData> message = EventEnvelope.of(ChatEvents.MESSAGE_CREATED, room,
                    TestEvents.messageData(room, 1, "once"));
            TestEvents.publish(Topics.CHAT_EVENTS, message);
            TestEvents.publish(Topics.CHAT_EVENTS, message);
            TestEvents.message(room, 2, "marker");
            a.expect(f -> f.path("data").path("seq").asLong() == 2);
            assertEquals(2, a.ofType("message.created").size());
        }
    }

    @Test
    void unreadableRecordsAndUnknownEventTypesAreSkipped() {
        TestUser alice = TestGateway.user();
        String room = room(alice);
        try (SocketClient a = TestGateway.open(alice.token())) {
            TestEvents.raw(Topics.CHAT_EVENTS, room, "not an event");
            TestEvents.raw(Topics.CHAT_EVENTS, room, Map.of("eventId", UUID.randomUUID().toString(), "type",
                    "room.archived", "version", 1, "key", room, "data", Map.of("id", room)));
            TestEvents.message(room, 1, "after the bad ones");
            a.expect(f -> f.path("data").path("seq").asLong() == 1);
            a.sync();
            assertEquals(List.of("welcome", "message.created", "pong"),
                    a.frames().stream().map(f -> f.path("type").asText()).toList());
            assertTrue(given().when().get("/q/metrics").asString().lines().anyMatch(l -> l.startsWith(
                    "gateway_records_skipped_total") && l.contains("topic=\"chat-events\"") && !l.endsWith(" 0.0")));
        }
    }

    @Test
    void userEventsReachThoseSharingARoom() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser carol = TestGateway.user();
        room(alice, bob);
        try (SocketClient b = TestGateway.open(bob.token()); SocketClient c = TestGateway.open(carol.token())) {
            // bob's connection loads the room's member list in the background; retry until it is known
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                TestEvents.user(UserEvents.USER_UPDATED, alice.id(),
                        new UserEvents.UserData(UUID.fromString(alice.id()), "alice", "Alice", Instant.now()));
                b.sync();
                return !b.ofType("user.updated").isEmpty();
            });
            assertEquals(alice.id(), b.ofType("user.updated").get(0).path("data").path("id").asText());
            c.sync();
            assertTrue(c.ofType("user.updated").isEmpty());
        }
    }
}
