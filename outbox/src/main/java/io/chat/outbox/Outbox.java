package io.chat.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.EventType;

/**
 * Writes a domain event into the {@code outbox_event} table in the caller's transaction, so the event
 * exists if and only if the change commits. {@link OutboxRelay} sends it to Kafka after the commit.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?)";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;

    public Outbox(DataSource dataSource, ObjectMapper mapper, OutboxRelay relay,
            TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.relay = relay;
        this.transactions = transactions;
    }

    /**
     * The INSERT goes over plain JDBC (a prepared statement, no Hibernate query): inside a JTA transaction
     * Agroal hands out the connection already enlisted in it, the one Hibernate uses, so the row commits or
     * rolls back with the change. Pending Hibernate changes are flushed at the commit, in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> EventEnvelope<T> publish(String topic, String key, EventType<T> type, T data) {
        EventEnvelope<T> event = EventEnvelope.of(type, key, data);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + type.name() + " cannot be serialized", e);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, event.eventId());
            insert.setString(2, topic);
            insert.setString(3, key);
            insert.setString(4, payload);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("Event " + type.name() + " could not be written to the outbox", e);
        }
        wakeRelayOnCommit();
        return event;
    }

    /** One wake-up per transaction, however many events it wrote. */
    private void wakeRelayOnCommit() {
        if (transactions.getResource(WakeRelayOnCommit.class) == null) {
            transactions.putResource(WakeRelayOnCommit.class, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new WakeRelayOnCommit(relay));
        }
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
