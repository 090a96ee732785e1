package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.TestInfrastructure;

/** Publishes events the way chat-service and user-service do: envelope JSON, keyed by aggregate id. */
final class TestEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    /** Publishes an event with a new id; returns the id. */
    static String chat(String type, String roomId, Map<String, Object> data) {
        String eventId = UUID.randomUUID().toString();
        publish("chat-events", eventId, type, roomId, data);
        return eventId;
    }

    static void user(String type, String userId, Map<String, Object> data) {
        publish("user-events", UUID.randomUUID().toString(), type, userId, data);
    }

    static String message(String roomId, long seq, String text) {
        return chat("message.created", roomId, message(roomId, seq, text, "m-" + seq));
    }

    static Map<String, Object> message(String roomId, long seq, String text, String id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("roomId", roomId);
        data.put("seq", seq);
        data.put("senderId", UUID.randomUUID().toString());
        data.put("text", text);
        data.put("createdAt", Instant.now().toString());
        data.put("deleted", false);
        return data;
    }

    static void joined(String roomId, String userId) {
        chat("member.joined", roomId, Map.of("roomId", roomId, "userId", userId, "role", "member"));
    }

    static void left(String roomId, String userId) {
        chat("member.left", roomId, Map.of("roomId", roomId, "userId", userId, "role", "member"));
    }

    static void publish(String topic, String eventId, String type, String key, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("type", type);
        envelope.put("version", 1);
        envelope.put("occurredAt", Instant.now().toString());
        envelope.put("key", key);
        envelope.put("data", data);
        raw(topic, key, envelope);
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
