package io.chat.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.EmbeddedKafka;
import io.chat.testkit.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** A message answered 201 while Kafka is down is delivered once Kafka is back: exactly once per event id, in seq order. */
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
            List<JsonNode> created = probe.awaitEvents(Duration.ofSeconds(90),
                    events -> ChatEventsProbe.types(events).stream().filter("message.created"::equals).count() >= MESSAGES)
                    .stream().filter(e -> e.get("type").asText().equals("message.created")).toList();
            assertEquals(IntStream.rangeClosed(1, MESSAGES).boxed().toList(),
                    created.stream().map(e -> e.get("data").get("seq").asInt()).toList());
            assertEquals(MESSAGES, created.stream().map(e -> e.get("eventId").asText()).distinct().count());
        }
    }
}
