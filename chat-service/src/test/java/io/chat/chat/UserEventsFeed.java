package io.chat.chat;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.chat.contracts.Topics;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;
import io.quarkus.arc.Arc;

/**
 * Publishes user events on the real user-events topic exactly as user-service does (the contracts
 * envelope as JSON, keyed by user id), and waits for chat-service's projection to show them.
 */
final class UserEventsFeed {

    // Generous: the first event of a test JVM waits for the consumer group to form on a busy machine.
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;

    private UserEventsFeed() {
    }

    static EventEnvelope<UserEvents.UserData> created(UUID id, String username, String displayName) {
        return EventEnvelope.of(UserEvents.USER_CREATED, id.toString(),
                new UserEvents.UserData(id, username, displayName, Instant.now()));
    }

    static EventEnvelope<UserEvents.UserData> updated(UUID id, String username, String displayName) {
        return EventEnvelope.of(UserEvents.USER_UPDATED, id.toString(),
                new UserEvents.UserData(id, username, displayName, Instant.now()));
    }

    static EventEnvelope<UserEvents.UserData> deleted(UUID id) {
        return EventEnvelope.of(UserEvents.USER_DELETED, id.toString(), new UserEvents.UserData(id, "deleted", "Deleted", Instant.now()));
    }

    /** Sends the event, keyed by its {@code key} (the user id), and returns where Kafka stored it. */
    static RecordMetadata publish(EventEnvelope<?> event) {
        try {
            return send(event.key(), MAPPER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends any text as a user event of this user, also one that is not an event at all. */
    static RecordMetadata send(String userId, String json) {
        try {
            return producer().send(new ProducerRecord<>(Topics.USER_EVENTS, userId, json)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Announces the user as user-service does at registration and waits until chat-service knows them. */
    static void announce(UUID id, String username) {
        publish(created(id, username, "User " + username));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> isKnown(id));
    }

    /** Whether chat-service's directory (the known_users projection) holds the user. */
    static boolean isKnown(UUID id) throws SQLException {
        DataSource dataSource = Arc.container().instance(DataSource.class).get();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT 1 FROM known_users WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }
}
