package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.chat.contracts.Topics;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.EventType;
import io.chat.testkit.TestInfrastructure;

/** Publishes events the way chat-service and user-service do: the contract's envelope, keyed by aggregate id. */
final class TestEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    /** Publishes a chat event about the room with a new id; returns the id. */
    static <T> UUID chat(EventType<T> type, String roomId, T data) {
        EventEnvelope<T> event = EventEnvelope.of(type, roomId, data);
        publish(Topics.CHAT_EVENTS, event);
        return event.eventId();
    }

    static <T> void user(EventType<T> type, String userId, T data) {
        publish(Topics.USER_EVENTS, EventEnvelope.of(type, userId, data));
    }

    static UUID message(String roomId, long seq, String text) {
        return chat(ChatEvents.MESSAGE_CREATED, roomId, messageData(roomId, seq, text));
    }

    static ChatEvents.MessageData messageData(String roomId, long seq, String text) {
        return new ChatEvents.MessageData(UUID.randomUUID(), UUID.fromString(roomId), seq, UUID.randomUUID(), text, null,
                Instant.now(), null, false);
    }

    static void joined(String roomId, String userId) {
        chat(ChatEvents.MEMBER_JOINED, roomId, member(roomId, userId));
    }

    static void left(String roomId, String userId) {
        chat(ChatEvents.MEMBER_LEFT, roomId, member(roomId, userId));
    }

    private static ChatEvents.MemberData member(String roomId, String userId) {
        return new ChatEvents.MemberData(UUID.fromString(roomId), UUID.fromString(userId), "member");
    }

    static void publish(String topic, EventEnvelope<?> event) {
        raw(topic, event.key(), event);
    }

    /** Publishes any JSON value, e.g. what another gateway instance would. */
    static synchronized void raw(String topic, String key, Object value) {
        if (producer == null) {
            awaitGatewayReady();
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, MAPPER.writeValueAsString(value))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The gateway reads from the end of the log, so it must have its partitions before tests publish. */
    static void awaitGatewayReady() {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
    }
}
