package io.chat.user;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Reads the real user-events topic and checks what a consumer such as chat-service gets. */
@QuarkusTest
class UserEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "chat.users.topic")
    String topic;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void registerRenameDeleteArriveInOrderKeyedByUserId() throws Exception {
        TestUsers.Registered user = TestUsers.register();
        given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Renamed"))
                .when().patch("/users/me").then().statusCode(200);
        given().auth().oauth2(user.token()).when().delete("/users/me").then().statusCode(204);

        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (user.id().equals(record.key())) {
                        events.add(mapper.readTree(record.value()));
                    }
                }
                return events.size() >= 3;
            });
        }
        assertEquals(List.of("user.created", "user.updated", "user.deleted"),
                events.stream().map(e -> e.get("type").asText()).toList());
        for (JsonNode event : events) {
            assertEquals(1, event.get("version").asInt());
            assertEquals(user.id(), event.get("key").asText());
            assertEquals(user.id(), event.get("data").get("id").asText());
            UUID.fromString(event.get("eventId").asText());
            java.time.Instant.parse(event.get("occurredAt").asText());
        }
        assertEquals(user.username(), events.get(0).get("data").get("username").asText());
        assertEquals("Renamed", events.get(1).get("data").get("displayName").asText());
        // user.deleted carries the user as they were, the shape clients get as the frame's data (API.md: user)
        assertEquals("Renamed", events.get(2).get("data").get("displayName").asText());
        assertEquals(events.get(0).get("data").get("createdAt"), events.get(2).get("data").get("createdAt"));
        assertEquals(3, events.stream().map(e -> e.get("eventId").asText()).distinct().count());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "user-events-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }
}
