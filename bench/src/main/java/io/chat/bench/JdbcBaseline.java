package io.chat.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.chat.contracts.Topics;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;

/**
 * The write path at database speed: chat-service's posting transaction as plain JDBC, one connection
 * per thread, against chat-service's own database and tables. Its outbox rows are not relayed: the
 * relay's advisory lock is held meanwhile, and the rows are deleted afterwards.
 */
final class JdbcBaseline {

    /** How the room row is locked and its next seq taken. */
    enum SeqStatement {
        /**
         * What chat-service's Hibernate mapping sends today (its lock clause; it selects and updates every
         * column of the row): lock the row, then update it.
         */
        SELECT_FOR_UPDATE("SELECT last_seq FROM rooms WHERE id = ? FOR NO KEY UPDATE",
                "UPDATE rooms SET last_seq = ? WHERE id = ?"),
        /** One round trip: the update locks the row and returns the new seq. */
        UPDATE_RETURNING("UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq", null);

        final String first;
        final String second;

        SeqStatement(String first, String second) {
            this.first = first;
            this.second = second;
        }
    }

    /** The constant of chat-service's OutboxRelay.RELAY_LOCK_ID: while it is held, the relay sends nothing. */
    private static final long RELAY_LOCK_ID = 0x6f7574626f78L;
    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (client_msg_id, created_at, deleted, edited_at, room_id, sender_id, seq, text, id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_EVENT = "INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?)";

    /** A posting thread's sender and room. */
    record Poster(UUID senderId, UUID roomId) {
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    JdbcBaseline(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * One thread per poster, each committing transactions back to back until the window ends; counts and
     * times the commits within the window.
     */
    void run(List<Poster> posters, SeqStatement seq, Window window, HttpLoad.Tally tally) throws Exception {
        try (Connection control = connect(); Statement statement = control.createStatement()) {
            long lastEventId;
            try (ResultSet rs = statement.executeQuery("SELECT pg_advisory_lock(" + RELAY_LOCK_ID + "), "
                    + "COALESCE(max(id), 0) FROM outbox_event")) {
                rs.next();
                lastEventId = rs.getLong(2);
            }
            AtomicReference<SQLException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (Poster poster : posters) {
                threads.add(new Thread(() -> {
                    try {
                        post(poster, seq, window, tally);
                    } catch (SQLException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "baseline-" + threads.size()));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            // The next window vacuums them away first (WriteLoad.settle).
            statement.executeUpdate("DELETE FROM outbox_event WHERE id > " + lastEventId);
            statement.execute("SELECT pg_advisory_unlock(" + RELAY_LOCK_ID + ")");
            if (failure.get() != null) {
                throw new IllegalStateException("A baseline transaction failed", failure.get());
            }
        }
    }

    private void post(Poster poster, SeqStatement seq, Window window, HttpLoad.Tally tally) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement first = connection.prepareStatement(seq.first);
                PreparedStatement second = seq.second == null ? null : connection.prepareStatement(seq.second);
                PreparedStatement message = connection.prepareStatement(INSERT_MESSAGE);
                PreparedStatement event = connection.prepareStatement(INSERT_EVENT)) {
            connection.setAutoCommit(false);
            long done;
            do {
                long start = System.nanoTime();
                first.setObject(1, poster.roomId());
                long next;
                try (ResultSet rs = first.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1) + (second == null ? 0 : 1);
                }
                if (second != null) {
                    second.setLong(1, next);
                    second.setObject(2, poster.roomId());
                    second.executeUpdate();
                }
                UUID id = UUID.randomUUID();
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                message.setString(1, null);
                message.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                message.setBoolean(3, false);
                message.setObject(4, null);
                message.setObject(5, poster.roomId());
                message.setObject(6, poster.senderId());
                message.setLong(7, next);
                message.setString(8, "write-path baseline " + next);
                message.setObject(9, id);
                message.executeUpdate();
                EventEnvelope<ChatEvents.MessageData> envelope = EventEnvelope.of(ChatEvents.MESSAGE_CREATED,
                        poster.roomId().toString(), new ChatEvents.MessageData(id, poster.roomId(), next,
                                poster.senderId(), "write-path baseline " + next, null, now, null, false));
                event.setObject(1, envelope.eventId());
                event.setString(2, Topics.CHAT_EVENTS);
                event.setString(3, envelope.key());
                event.setString(4, json(envelope));
                event.executeUpdate();
                connection.commit();
                done = System.nanoTime();
                if (window.contains(done)) {
                    tally.created.incrementAndGet();
                    tally.completed.incrementAndGet();
                    tally.latency.add((done - start) / 1000);
                }
            } while (done < window.end());
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
