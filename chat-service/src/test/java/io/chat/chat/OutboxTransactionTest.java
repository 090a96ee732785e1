package io.chat.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.chat.service.MessageService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox row is written in the change's transaction: a post that rolls back leaves no event and no seq,
 * and a post refused (not a member, a repeated clientMsgId) takes no seq and records no event.
 */
@QuarkusTest
class OutboxTransactionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    MessageService messages;

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

    /** The seq UPDATE and the insert go in one round trip, as one transaction: a failing insert takes the seq back. */
    @Test
    void aPostWhoseInsertFailsTakesNoSeq() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        // Past the column's 4,000 characters: only the REST layer's validation keeps this out, not bypassed here.
        assertThrows(PersistenceException.class, () -> messages.post(alice.id(), UUID.fromString(room), "x".repeat(4001), null));
        alice.request().when().get("/rooms/" + room).then().statusCode(200).body("lastSeq", equalTo(0));
        alice.post(room, "first").statusCode(201).body("seq", equalTo(1));
    }

    @Test
    void aRefusedPostChangesNothingAndRecordsNothing() {
        TestUser alice = TestUser.create();
        TestUser stranger = TestUser.create();
        String room = alice.createRoom("public");
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            alice.request().body(Map.of("text", "first", "clientMsgId", "c-1")).when().post("/rooms/" + room + "/messages")
                    .then().statusCode(201).body("seq", equalTo(1));
            stranger.post(room, "not a member").statusCode(403);
            alice.request().body(Map.of("text", "first again", "clientMsgId", "c-1")).when().post("/rooms/" + room + "/messages")
                    .then().statusCode(200).body("seq", equalTo(1));
            alice.post(room, "second").statusCode(201).body("seq", equalTo(2));
            // In commit order, an event of a refused post would come between the two.
            List<JsonNode> created = probe.awaitEvents(TIMEOUT, events -> ChatEventsProbe.types(events).stream()
                    .filter("message.created"::equals).count() >= 2)
                    .stream().filter(e -> e.get("type").asText().equals("message.created")).toList();
            assertThat(created.stream().map(e -> e.get("data").get("text").asText()).toList(), contains("first", "second"));
            assertThat(created.stream().map(e -> e.get("data").get("seq").asLong()).toList(), contains(1L, 2L));
        }
        alice.request().when().get("/rooms/" + room).then().statusCode(200).body("lastSeq", equalTo(2));
    }

    private static final class Aborted extends RuntimeException {
    }
}
