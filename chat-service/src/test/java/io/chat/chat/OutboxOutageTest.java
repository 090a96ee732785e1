package io.chat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.EmbeddedKafka;
import io.chat.testkit.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** A message answered 201 while Kafka is down is delivered once Kafka is back: every one, in seq order, once each after dedupe by event id. */
@QuarkusTest
class OutboxOutageTest {

    private static final int MESSAGES = 30;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void messagesPostedWhileKafkaIsDownAreDeliveredWhenItReturns() {
        EmbeddedKafka kafka = TestInfrastructure.get().kafka();
        assertEquals(bootstrapServers, kafka.bootstrapServers(), "the test must stop the broker the service uses");
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        kafka.stop();
        try {
            for (int i = 1; i <= MESSAGES; i++) {
                alice.post(room, "while down " + i).statusCode(201);
            }
        } finally {
            kafka.start();
        }
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            // At least once: a batch whose acknowledgement the outage swallowed is sent again, and consumers
            // drop repeated event ids. What they keep must be every message once, in seq order.
            List<JsonNode> created = firstOfEachEvent(probe.awaitEvents(Duration.ofSeconds(90),
                    events -> firstOfEachEvent(events).size() >= MESSAGES));
            assertEquals(IntStream.rangeClosed(1, MESSAGES).boxed().toList(),
                    created.stream().map(e -> e.get("data").get("seq").asInt()).toList());
        }
    }

    private static List<JsonNode> firstOfEachEvent(List<JsonNode> events) {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(e -> e.get("type").asText().equals("message.created"))
                .filter(e -> seen.add(e.get("eventId").asText())).toList();
    }
}
