package io.chat.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends committed outbox rows to Kafka in id order and deletes them once Kafka acknowledged them
 * ({@code acks=all}, idempotent producer). A crash between the acknowledgement and the delete's reaching
 * the disk (the relay commits asynchronously) sends a row again (consumers drop it by event id); nothing is
 * ever dropped. A PostgreSQL advisory lock lets one relay of all instances work at a time, which keeps each
 * key's events in commit order.
 * <p>
 * A row Kafka refuses for good (too large, an invalid topic), or one that fails
 * {@link OutboxConfig#maxAttempts()} times while the rows around it are delivered, is parked in
 * {@code outbox_parked} with an ERROR log, so it cannot hold back the rows after it. Any failure of an
 * attempt, an {@link Error} too, is followed by a back-off and the next attempt; {@link #isAlive()} is
 * false only if the worker thread died anyway.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock in this service's database. */
    private static final long RELAY_LOCK_ID = 0x6f7574626f78L;

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Supplier<Producer<String, String>> producers;
    private final Semaphore wake = new Semaphore(0);
    private final Timer relayDelay;
    private final Counter relayed;
    private final Counter failures;
    private final Counter parked;
    private volatile boolean running;
    private volatile Thread worker;
    /** Creation time of the oldest row in the outbox when the relay last looked; null when it was empty. */
    private volatile Instant oldestPending;
    private Producer<String, String> producer;

    @Inject
    public OutboxRelay(DataSource dataSource, OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this(dataSource, config, () -> newProducer(kafkaConfig, config), registry);
    }

    /** With another source of producers, for tests of the relay alone. */
    OutboxRelay(DataSource dataSource, OutboxConfig config, Supplier<Producer<String, String>> producers,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.producers = producers;
        this.relayDelay = Timer.builder("outbox.relay.delay")
                .description("Time from the commit of an event to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.relayed = Counter.builder("outbox.relayed").description("Events sent to Kafka").register(registry);
        this.failures = Counter.builder("outbox.relay.failures").description("Failed relay attempts").register(registry);
        this.parked = Counter.builder("outbox.parked")
                .description("Events moved to outbox_parked because Kafka would not take them")
                .register(registry);
        Gauge.builder("outbox.oldest.age", this, OutboxRelay::oldestPendingSeconds)
                .description("Age of the oldest event not yet relayed (0 when the outbox is empty)")
                .baseUnit("seconds")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void start() {
        running = true;
        Thread thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("The outbox relay died; liveness reports DOWN", e));
        worker = thread;
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void stop() {
        running = false;
        wake.release();
        try {
            worker.join(config.sendTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called after a commit that wrote events. */
    public void wakeUp() {
        wake.release();
    }

    /** False when the worker thread is gone while the relay should be running: only a restart helps then. */
    public boolean isAlive() {
        Thread thread = worker;
        return !running || thread == null || thread.isAlive();
    }

    /** Seconds since the oldest pending event was committed, as of the relay's last look. */
    public double oldestPendingSeconds() {
        Instant oldest = oldestPending;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    private void run() {
        int consecutiveFailures = 0;
        while (running) {
            boolean more;
            try {
                more = relayBatch();
                consecutiveFailures = 0;
            } catch (Throwable e) {
                // Errors too (a class missing in a native image, an out-of-memory): the relay outlives them.
                consecutiveFailures++;
                failures.increment();
                if (e instanceof Error) {
                    LOG.errorf(e, "Outbox relay attempt %d failed, will retry", consecutiveFailures);
                } else {
                    LOG.warnf("Outbox relay attempt %d failed, will retry: %s", consecutiveFailures, e.toString());
                }
                closeProducer();
                pause(backoff(consecutiveFailures));
                continue;
            }
            if (!more) {
                pause(config.pollInterval());
            }
        }
        // Only this thread uses the producer, so only this thread closes it.
        closeProducer();
    }

    private Duration backoff(int failures) {
        // Doubling more than 20 times would overflow long before it mattered: every cap is reached by then.
        long millis = config.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(config.maxBackoff().toMillis(), millis));
    }

    private void pause(Duration duration) {
        try {
            if (wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private record Row(long id, String topic, String key, String payload, Instant createdAt, int attempts) {
    }

    /** A row Kafka did not take in this attempt, and why. */
    private record Failure(Row row, Throwable cause) {
    }

    /** What one attempt did: whether it read a full batch, and the rows that are still to be sent. */
    private record Batch(boolean full, List<Failure> undelivered) {
        static final Batch NONE = new Batch(false, List.of());
    }

    /** Some rows of a batch were not delivered; the delivered and parked ones are committed. */
    private static final class UndeliveredException extends Exception {
        UndeliveredException(List<Failure> undelivered) {
            super(undelivered.size() + " events not delivered, first: " + undelivered.get(0).cause(),
                    undelivered.get(0).cause());
        }
    }

    /** @return whether a full batch was sent, so more rows may be waiting */
    private boolean relayBatch() throws SQLException, UndeliveredException {
        Batch batch;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                batch = relayBatch(connection);
                connection.commit();
            } catch (Throwable e) {
                connection.rollback();
                throw e;
            }
        }
        if (!batch.undelivered().isEmpty()) {
            throw new UndeliveredException(batch.undelivered());
        }
        return batch.full();
    }

    private Batch relayBatch(Connection connection) throws SQLException {
        if (!tryLock(connection)) {
            oldestPending = oldest(connection);
            return Batch.NONE;
        }
        List<Row> rows = select(connection);
        if (rows.isEmpty()) {
            oldestPending = null;
            return Batch.NONE;
        }
        Producer<String, String> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        // A send can fail at once (no metadata yet while Kafka comes back) and the next one of the same key
        // succeed: that key's later rows wait for the next attempt, so they cannot overtake it on Kafka.
        Set<PartitionKey> heldBack = new HashSet<>();
        for (Row row : rows) {
            PartitionKey partitionKey = new PartitionKey(row.topic(), row.key());
            Future<RecordMetadata> ack = heldBack.contains(partitionKey) ? null : send(kafka, row);
            if (ack != null && failedAlready(ack)) {
                heldBack.add(partitionKey);
            }
            acks.add(ack); // null: held back, neither delivered nor failed in this attempt
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        List<Row> delivered = new ArrayList<>();
        List<Failure> refused = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (acks.get(i) == null) {
                continue;
            }
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                delivered.add(row);
            } catch (ExecutionException e) {
                (refusedForGood(e.getCause()) ? refused : failed).add(new Failure(row, e.getCause()));
            } catch (TimeoutException e) {
                failed.add(new Failure(row, new TimeoutException("not acknowledged within " + config.sendTimeout())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(new Failure(row, e));
            }
        }
        delete(connection, delivered);
        // A failure counts against a row only next to deliveries: in a Kafka outage every row fails.
        List<Failure> undelivered = new ArrayList<>();
        for (Failure failure : failed) {
            boolean exhausted = !delivered.isEmpty() && failure.row().attempts() + 1 >= config.maxAttempts();
            (exhausted ? refused : undelivered).add(failure);
        }
        if (!delivered.isEmpty()) {
            countAttempt(connection, undelivered);
        }
        for (Failure failure : refused) {
            park(connection, failure);
        }
        oldestPending = oldest(connection);
        Instant now = Instant.now();
        for (Row row : delivered) {
            relayDelay.record(Duration.between(row.createdAt(), now));
        }
        relayed.increment(delivered.size());
        return new Batch(rows.size() == config.batchSize(), undelivered);
    }

    private List<Row> select(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, topic, event_key, payload, created_at, attempts FROM outbox_event ORDER BY id LIMIT ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant(), rs.getInt(6)));
                }
            }
        }
        return rows;
    }

    /** What Kafka keeps in order: the records of one key in one topic. */
    private record PartitionKey(String topic, String key) {
    }

    private static boolean failedAlready(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** A send that throws instead of returning a failed future (e.g. a closed producer) fails only its row. */
    private static Future<RecordMetadata> send(Producer<String, String> kafka, Row row) {
        try {
            return kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Failures that sending the same record again cannot fix. */
    private static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof InvalidRecordException
                || cause instanceof SerializationException;
    }

    private static void delete(Connection connection, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)")) {
            delete.setArray(1, ids(connection, rows.stream().map(Row::id).toList()));
            delete.executeUpdate();
        }
    }

    private static void countAttempt(Connection connection, List<Failure> failures) throws SQLException {
        if (failures.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_event SET attempts = attempts + 1 WHERE id = ANY (?)")) {
            update.setArray(1, ids(connection, failures.stream().map(f -> f.row().id()).toList()));
            update.executeUpdate();
        }
    }

    private static Array ids(Connection connection, List<Long> ids) throws SQLException {
        return connection.createArrayOf("bigint", ids.toArray(Long[]::new));
    }

    /** Moves the row to outbox_parked: an alert, and the rows after it are no longer held back. */
    private void park(Connection connection, Failure failure) throws SQLException {
        Row row = failure.row();
        try (PreparedStatement move = connection.prepareStatement("""
                WITH moved AS (DELETE FROM outbox_event WHERE id = ? RETURNING *)
                INSERT INTO outbox_parked (id, event_id, topic, event_key, payload, created_at, attempts, error)
                SELECT id, event_id, topic, event_key, payload, created_at, attempts + 1, ? FROM moved""")) {
            move.setLong(1, row.id());
            move.setString(2, failure.cause().toString());
            move.executeUpdate();
        }
        parked.increment();
        LOG.errorf("Parked outbox event %d (topic %s, key %s) in outbox_parked after %d attempts: %s",
                row.id(), row.topic(), row.key(), row.attempts() + 1, failure.cause());
    }

    private static Instant oldest(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT created_at FROM outbox_event ORDER BY id LIMIT 1");
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    /**
     * Takes the relay's lock for this transaction, and lets the transaction commit without waiting for its
     * WAL to reach the disk: what it commits (deletes of delivered rows, attempt counts, parked rows) may be
     * lost in a database crash, which only sends those rows again, as a crash before the commit would.
     * With {@code synchronous_commit=on} the wait for the flush was part of every relay cycle, so of the
     * commit → Kafka latency of every event behind it.
     */
    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true)")) {
            lock.setLong(1, RELAY_LOCK_ID);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private static Producer<String, String> newProducer(Map<String, Object> kafkaConfig, OutboxConfig config) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.sendTimeout().toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private void closeProducer() {
        if (producer == null) {
            return;
        }
        try {
            producer.close(Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.debugf("Closing the outbox producer failed: %s", e.toString());
        } finally {
            producer = null;
        }
    }
}
