package io.chat.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.chat.contracts.Topics;
import io.chat.contracts.events.EventEnvelope;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The user-events consumer loses nothing: a failing event is retried, one that keeps failing goes to
 * the dead-letter topic (and the events after it flow), and replaying the topic is harmless.
 */
@QuarkusTest
class UserEventConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anEventThatKeepsFailingGoesToTheDeadLetterTopicAndTheNextOneFlows() {
        UUID id = UUID.randomUUID();
        // longer than the projection's username column: every attempt fails in the database
        EventEnvelope<?> bad = UserEventsFeed.created(id, "x".repeat(40), "Too long");
        UserEventsFeed.publish(bad);
        UserEventsFeed.send(id.toString(), "{\"not\": \"an event\"");
        UserEventsFeed.publish(UserEventsFeed.created(id, "fine_name", "Fine"));

        await().atMost(TIMEOUT).until(() -> UserEventsFeed.isKnown(id));
        List<ConsumerRecord<String, String>> dead = await().atMost(TIMEOUT)
                .until(() -> deadLetters(id.toString()), records -> records.size() == 2);
        assertTrue(dead.get(0).value().contains(bad.eventId().toString()), dead.get(0).value());
        assertNotNull(dead.get(0).headers().lastHeader("dead-letter-reason"));
        assertEquals("{\"not\": \"an event\"", dead.get(1).value());
    }

    @Test
    void aDeletionThatHitsALockedRoomIsRetriedUntilItSucceeds() throws SQLException {
        TestUser owner = TestUser.create();
        TestUser doomed = TestUser.create();
        String room = owner.createRoom("public");
        owner.add(room, doomed);
        double retriesBefore = retries();
        try (RoomLock lock = RoomLock.hold(room)) {
            UserEventsFeed.publish(UserEventsFeed.deleted(doomed.id()));
            // the first attempt runs into lock_timeout and is rolled back, its deleted_users row too
            await().atMost(TIMEOUT).until(() -> retries() > retriesBefore);
            doomed.request().when().get("/rooms").then().statusCode(200);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> owner.request().when().get("/rooms/" + room + "/members")
                .then().body("$", hasSize(1)));
        await().atMost(TIMEOUT).untilAsserted(() -> doomed.request().when().get("/rooms").then().statusCode(401));
        assertEquals(List.of(), deadLetters(doomed.id().toString()));
    }

    /** What resetting the group to the earliest offset does: every event again, in order. */
    @Test
    void replayingEventsLeavesTheProjectionAsItWas() {
        TestUser owner = TestUser.create();
        TestUser ann = TestUser.unannounced();
        TestUser gone = TestUser.create();
        String room = owner.createRoom("public");
        List<EventEnvelope<?>> history = List.of(UserEventsFeed.created(ann.id(), ann.username(), "Ann"),
                UserEventsFeed.updated(ann.id(), ann.username(), "Anna"), UserEventsFeed.deleted(gone.id()));
        history.forEach(UserEventsFeed::publish);
        await().atMost(TIMEOUT).until(() -> UserEventsFeed.isKnown(ann.id()) && !UserEventsFeed.isKnown(gone.id()));
        owner.add(room, ann);

        List<RecordMetadata> replayed = history.stream().map(UserEventsFeed::publish).toList();
        await().atMost(TIMEOUT).until(() -> committedPast(replayed));

        owner.request().when().get("/rooms/" + room + "/members").then()
                .body("find { it.userId == '" + ann.id() + "' }.displayName", equalTo("Anna"));
        gone.request().when().get("/rooms").then().statusCode(401);
        ann.request().when().get("/rooms").then().statusCode(200);
        assertEquals(List.of(), deadLetters(ann.id().toString()));
        assertEquals(List.of(), deadLetters(gone.id().toString()));
    }

    /** Retries of the user-event handler so far, from the Fault Tolerance metrics. */
    private static double retries() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("ft_retry_retries_total{") && line.contains("UserEventHandler.apply"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Every record of this key on the dead-letter topic so far, oldest first. */
    private List<ConsumerRecord<String, String>> deadLetters(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.USER_EVENTS_DLQ).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** Whether chat-service's group has committed (so processed) every one of these records. */
    private boolean committedPast(List<RecordMetadata> records) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("chat-service")
                    .partitionsToOffsetAndMetadata().get();
            return records.stream().allMatch(r -> {
                OffsetAndMetadata offset = committed.get(new TopicPartition(r.topic(), r.partition()));
                return offset != null && offset.offset() > r.offset();
            });
        }
    }
}
