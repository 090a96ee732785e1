package io.chat.bench;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.chat.contracts.Topics;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;

/**
 * Events written straight to the topics the services consume, in the contracts module's shapes, as
 * chat-service's outbox relay and user-service write them: {@code message.created} for the gateway
 * (so that the REST write path is not the wall of the fan-out runs) and {@code user.created} so that
 * chat-service knows the bench's users without registering each through user-service.
 */
final class FanoutEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final AtomicLong seq = new AtomicLong();

    FanoutEvents(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        // As the outbox relay's producer: each record leaves as soon as it is sent.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** A {@code message.created} of {@code room} with this text, keyed by the room as chat-service keys it. */
    void messageCreated(UUID room, UUID sender, String text) {
        ChatEvents.MessageData data = new ChatEvents.MessageData(UUID.randomUUID(), room, seq.incrementAndGet(), sender,
                text, null, Instant.now(), null, false);
        send(Topics.CHAT_EVENTS, room.toString(), EventEnvelope.of(ChatEvents.MESSAGE_CREATED, room.toString(), data));
    }

    /** A {@code user.created}, keyed by the user as user-service keys it. */
    void userCreated(UUID user, String username) {
        UserEvents.UserData data = new UserEvents.UserData(user, username, username, Instant.now());
        send(Topics.USER_EVENTS, user.toString(), EventEnvelope.of(UserEvents.USER_CREATED, user.toString(), data));
    }

    void flush() {
        producer.flush();
    }

    private void send(String topic, String key, EventEnvelope<?> event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, mapper.writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
