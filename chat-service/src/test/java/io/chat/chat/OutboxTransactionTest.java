package io.chat.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.chat.config.ChatServiceConfig;
import io.chat.chat.service.MessageService;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.ChatEvents.RoomData;
import io.chat.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox row is written in the change's transaction: a post that rolls back leaves no event and no seq,
 * and an event tied to a change is written only with it.
 */
@QuarkusTest
class OutboxTransactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    MessageService messages;

    @Inject
    Outbox outbox;

    @Inject
    ChatServiceConfig config;

    @Test
    void aRolledBackPostPublishesNothing() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            // An exception out of the transaction rolls it back, after the post's statements and its outbox row.
            assertThrows(Aborted.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                messages.post(alice.id(), UUID.fromString(room), "rolled back", null);
                throw new Aborted();
            }));
            alice.post(room, "committed").statusCode(201).body("seq", equalTo(1));
            // The relay sends in commit order per room: had the rolled-back row been written, it would come first.
            List<JsonNode> created = probe.awaitEvents(TIMEOUT, events -> ChatEventsProbe.types(events).contains("message.created"))
                    .stream().filter(e -> e.get("type").asText().equals("message.created")).toList();
            assertThat(created.stream().map(e -> e.get("data").get("text").asText()).toList(), contains("committed"));
        }
    }

    @Test
    void anEventTiedToAChangeIsRecordedOnlyWhenTheChangeTouchesARow() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            assertFalse(setTopic(UUID.randomUUID(), room, "of no room"));
            assertTrue(setTopic(UUID.fromString(room), room, "changed"));
            // In commit order, an event recorded without its change would arrive first.
            List<JsonNode> updated = probe.awaitEvents(TIMEOUT, events -> ChatEventsProbe.types(events).contains("room.updated"))
                    .stream().filter(e -> e.get("type").asText().equals("room.updated")).toList();
            assertThat(updated.stream().map(e -> e.get("data").get("topic").asText()).toList(), contains("changed"));
        }
        alice.request().when().get("/rooms/" + room).then().statusCode(200).body("topic", equalTo("changed"));
    }

    /** Sets the topic of room {@code id} and records that as an event of room {@code key}, in one statement. */
    private boolean setTopic(UUID id, String key, String topic) {
        RoomData data = new RoomData(UUID.fromString(key), "name", topic, "public", UUID.randomUUID(), Instant.now(), 0);
        return QuarkusTransaction.requiringNew().call(() -> outbox.publishIfChanged("UPDATE rooms SET topic = ? WHERE id = ?",
                update -> {
                    update.setString(1, topic);
                    update.setObject(2, id);
                    return 2;
                }, config.topic(), key, ChatEvents.ROOM_UPDATED, data));
    }

    private static final class Aborted extends RuntimeException {
    }
}
