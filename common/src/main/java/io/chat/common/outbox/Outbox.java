package io.chat.common.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.common.events.EventEnvelope;

/**
 * Writes a domain event into the {@code outbox_event} table in the caller's transaction, so the event
 * exists if and only if the change commits. {@link OutboxRelay} sends it to Kafka after the commit.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(EntityManager entityManager, ObjectMapper mapper, OutboxRelay relay,
            TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.mapper = mapper;
        this.relay = relay;
        this.transactions = transactions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public <T> EventEnvelope<T> publish(String topic, String key, String type, int version, T data) {
        EventEnvelope<T> event = new EventEnvelope<>(UUID.randomUUID(), type, version, Instant.now(), key, data);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + type + " cannot be serialized", e);
        }
        entityManager.createNativeQuery(
                "INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, event.eventId())
                .setParameter(2, topic)
                .setParameter(3, key)
                .setParameter(4, payload)
                .executeUpdate();
        transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        return event;
    }

    /** Lets the relay send right after the commit instead of at its next poll. */
    private record WakeRelayOnCommit(OutboxRelay relay) implements Synchronization {
        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wakeUp();
            }
        }
    }
}
