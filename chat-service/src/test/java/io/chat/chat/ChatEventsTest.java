package io.chat.chat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** What the gateway gets on the real chat-events topic, and how user-service's events change rooms. */
@QuarkusTest
class ChatEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aRoomsEventsArriveInCommitOrderWithTheirPayloads() {
        TestUser owner = TestUser.create();
        TestUser bob = TestUser.create();
        String room = owner.createRoom("public");
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            owner.add(room, bob);
            String id = bob.post(room, "hi").statusCode(201).extract().path("id");
            bob.request().body(Map.of("text", "hi!")).when().patch("/rooms/" + room + "/messages/" + id).then().statusCode(200);
            bob.request().when().delete("/rooms/" + room + "/messages/" + id).then().statusCode(204);
            owner.request().body(Map.of("topic", "t")).when().patch("/rooms/" + room).then().statusCode(200);
            bob.request().when().delete("/rooms/" + room + "/members/" + bob.id()).then().statusCode(204);
            owner.request().when().delete("/rooms/" + room).then().statusCode(204);

            List<JsonNode> events = probe.awaitEvents(TIMEOUT, e -> e.size() >= 9);
            assertEquals(List.of("room.created", "member.joined", "member.joined", "message.created", "message.edited",
                    "message.deleted", "room.updated", "member.left", "room.deleted"),
                    ChatEventsProbe.types(events));
            assertEquals(events.size(), events.stream().map(e -> e.get("eventId").asText()).distinct().count());
            JsonNode created = events.get(3);
            assertEquals(1, created.get("version").asInt());
            assertEquals(room, created.get("key").asText());
            assertEquals(1, created.get("data").get("seq").asInt());
            assertEquals("hi", created.get("data").get("text").asText());
            assertEquals(bob.id().toString(), created.get("data").get("senderId").asText());
            assertEquals("hi!", events.get(4).get("data").get("text").asText());
            assertEquals(true, events.get(5).get("data").get("deleted").asBoolean());
            assertEquals(bob.id().toString(), events.get(7).get("data").get("userId").asText());
            assertEquals(room, events.get(7).get("data").get("roomId").asText());
        }
    }

    @Test
    void aRepeatedOrRefusedPostRecordsNoEvent() {
        TestUser owner = TestUser.create();
        TestUser stranger = TestUser.create();
        String room = owner.createRoom("public");
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            owner.request().body(Map.of("text", "first", "clientMsgId", "c-1"))
                    .when().post("/rooms/" + room + "/messages").then().statusCode(201);
            owner.request().body(Map.of("text", "again", "clientMsgId", "c-1"))
                    .when().post("/rooms/" + room + "/messages").then().statusCode(200).body("text", equalTo("first"));
            stranger.post(room, "not a member").statusCode(403);
            owner.post(room, "last").statusCode(201).body("seq", equalTo(2));

            // Events come in commit order: an event of the repeat or of the refusal would come before "last".
            List<JsonNode> events = probe.awaitEvents(TIMEOUT, e -> createdTexts(e).contains("last"));
            assertEquals(List.of("first", "last"), createdTexts(events));
        }
    }

    private static List<String> createdTexts(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("type").asText().equals("message.created"))
                .map(e -> e.get("data").get("text").asText()).toList();
    }

    @Test
    void aDeletedUserLeavesEveryRoomAndRenamesShowInMembers() {
        TestUser owner = TestUser.create();
        TestUser doomed = TestUser.create();
        String room = owner.createRoom("public");
        String other = owner.createRoom("private");
        owner.add(room, doomed);
        owner.add(other, doomed);

        UserEventsFeed.publish(UserEventsFeed.updated(doomed.id(), doomed.username(), "Renamed"));
        await().atMost(TIMEOUT).untilAsserted(() -> owner.request()
                .when().get("/rooms/" + room + "/members")
                .then().body("find { it.userId == '" + doomed.id() + "' }.displayName", equalTo("Renamed")));

        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            UserEventsFeed.publish(UserEventsFeed.deleted(doomed.id()));
            List<JsonNode> events = probe.awaitEvents(TIMEOUT,
                    e -> ChatEventsProbe.types(e).contains("member.left"));
            JsonNode left = events.stream().filter(e -> e.get("type").asText().equals("member.left")).findFirst().orElseThrow();
            assertEquals(doomed.id().toString(), left.get("data").get("userId").asText());
        }
        owner.request().when().get("/rooms/" + room + "/members").then().body("$", hasSize(1));
        owner.request().when().get("/rooms/" + other + "/members").then().body("$", hasSize(1));
    }
}
