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

    private static final String COLUMNS = "INSERT INTO outbox_event (event_id, topic, event_key, payload)";
    private static final String INSERT = COLUMNS + " VALUES (?, ?, ?, ?)";
    private static final String INSERT_SELECT = COLUMNS + " SELECT ?, ?, ?, ?";

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

    /** Sets the parameters of a change statement, from the first on. */
    @FunctionalInterface
    public interface ChangeParameters {
        /** @return how many parameters were set */
        int set(PreparedStatement statement) throws SQLException;
    }

    /**
     * The INSERT goes over plain JDBC (a prepared statement, no Hibernate query): inside a JTA transaction
     * Agroal hands out the connection already enlisted in it, the one Hibernate uses, so the row commits or
     * rolls back with the change. Pending Hibernate changes are flushed at the commit, in the same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> EventEnvelope<T> publish(String topic, String key, EventType<T> type, T data) {
        EventEnvelope<T> event = EventEnvelope.of(type, key, data);
        write(INSERT, statement -> 0, topic, event);
        return event;
    }

    /**
     * Runs {@code change} (one INSERT, UPDATE or DELETE without RETURNING, over plain JDBC like
     * {@link #publish}) and writes the event only if the change touched a row, both in one statement: one
     * round trip to the database instead of two, which matters when the caller holds a lock meanwhile.
     *
     * @return false when the change touched no row, and so no event was written
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> boolean publishIfChanged(String change, ChangeParameters parameters, String topic, String key,
            EventType<T> type, T data) {
        String statement = "WITH change AS (" + change + " RETURNING 1) " + INSERT_SELECT
                + " WHERE EXISTS (SELECT 1 FROM change)";
        return write(statement, parameters, topic, EventEnvelope.of(type, key, data));
    }

    private boolean write(String sql, ChangeParameters change, String topic, EventEnvelope<?> event) {
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.type() + " cannot be serialized", e);
        }
        boolean written;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            int from = change.set(insert);
            insert.setObject(from + 1, event.eventId());
            insert.setString(from + 2, topic);
            insert.setString(from + 3, event.key());
            insert.setString(from + 4, payload);
            written = insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("Event " + event.type() + " could not be written to the outbox", e);
        }
        if (written) {
            wakeRelayOnCommit();
        }
        return written;
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
