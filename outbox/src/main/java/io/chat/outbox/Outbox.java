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
 * Writes a domain event into the {@code outbox_event} table in the transaction of its change, so the
 * event exists if and only if the change commits. {@link OutboxRelay} sends it to Kafka after the commit.
 */
@ApplicationScoped
public class Outbox {

    private static final String COLUMNS = "INSERT INTO outbox_event (event_id, topic, event_key, payload)";
    private static final String INSERT = COLUMNS + " VALUES (?, ?, ?, ?)";

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
        write(INSERT, statement -> 0, topic, event, statement -> null);
        return event;
    }

    /**
     * An event row for a statement the caller composes (see {@link #publishWith}): INSERT ... SELECT of the
     * event's id, topic and key, then of {@code payload}, an SQL expression of the one parameter it takes,
     * the event's JSON (plain {@code ?}, or one that fills in what only the statement knows). A FROM or WHERE
     * may follow.
     */
    public static String insertSelect(String payload) {
        return COLUMNS + " SELECT ?, ?, ?, " + payload;
    }

    /** Reads what the caller needs of a statement's results. */
    @FunctionalInterface
    public interface StatementResults<R> {
        R read(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code sql}, one or more statements that write the event row with {@link #insertSelect} (as the
     * last parameters, after those {@code parameters} sets), in one round trip. In a JTA transaction they join
     * it; outside one they are their own transaction, committed when they all succeed: pgjdbc sends several
     * statements of one string as one pipeline with one Sync, and PostgreSQL runs those as one implicit
     * transaction. Each still takes its own snapshot, so a statement sees what committed while the one
     * before it waited for a lock.
     *
     * @return what {@code results} read
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <T, R> R publishWith(String sql, ChangeParameters parameters, String topic, String key, EventType<T> type,
            T data, StatementResults<R> results) {
        return write(sql, parameters, topic, EventEnvelope.of(type, key, data), results);
    }

    /**
     * Runs the statements with the event row, then wakes the relay after the commit: at once outside a JTA
     * transaction, where they committed already.
     */
    private <R> R write(String sql, ChangeParameters parameters, String topic, EventEnvelope<?> event,
            StatementResults<R> results) {
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.type() + " cannot be serialized", e);
        }
        R read;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int from = parameters.set(statement);
            statement.setObject(from + 1, event.eventId());
            statement.setString(from + 2, topic);
            statement.setString(from + 3, event.key());
            statement.setString(from + 4, payload);
            statement.execute();
            read = results.read(statement);
        } catch (SQLException e) {
            throw new PersistenceException("Event " + event.type() + " could not be written to the outbox", e);
        }
        if (transactions.getTransactionKey() == null) {
            relay.wakeUp();
        } else {
            wakeRelayOnCommit();
        }
        return read;
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
