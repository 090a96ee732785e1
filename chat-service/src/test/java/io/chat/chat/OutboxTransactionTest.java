package io.chat.chat;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.chat.service.MessageService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox row is written in the post's transaction: a post that rolls back leaves no event and no seq. */
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

    private static final class Aborted extends RuntimeException {
    }
}
