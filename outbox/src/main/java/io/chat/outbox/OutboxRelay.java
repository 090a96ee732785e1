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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends committed outbox rows to Kafka in id order and deletes them once Kafka acknowledged them
 * ({@code acks=all}, idempotent producer). A crash between the acknowledgement and the delete sends a
 * row again (consumers drop it by event id); nothing is ever dropped. A PostgreSQL advisory lock lets
 * one relay of all instances work at a time, which keeps each key's events in commit order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant naming the relay's advisory lock in this service's database. */
    private static final long RELAY_LOCK_ID = 0x6f7574626f78L;

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Semaphore wake = new Semaphore(0);
    private final Timer relayDelay;
    private final Counter relayed;
    private final Counter failures;
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    public OutboxRelay(DataSource dataSource, OutboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.relayDelay = Timer.builder("outbox.relay.delay")
                .description("Time from the commit of an event to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.relayed = Counter.builder("outbox.relayed").description("Events sent to Kafka").register(registry);
        this.failures = Counter.builder("outbox.relay.failures").description("Failed relay attempts").register(registry);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
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

    private void run() {
        int consecutiveFailures = 0;
        while (running) {
            boolean more = false;
            try {
                more = relayBatch();
                consecutiveFailures = 0;
            } catch (Exception e) {
                consecutiveFailures++;
                failures.increment();
                LOG.warnf("Outbox relay attempt %d failed, will retry: %s", consecutiveFailures, e.toString());
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

    private record Row(long id, String topic, String key, String payload, Instant createdAt) {
    }

    /** @return whether a full batch was sent, so more rows may be waiting */
    private boolean relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean full = relayBatch(connection);
                connection.commit();
                return full;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean relayBatch(Connection connection) throws Exception {
        if (!tryLock(connection)) {
            return false;
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, topic, event_key, payload, created_at FROM outbox_event ORDER BY id LIMIT ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        if (rows.isEmpty()) {
            return false;
        }
        KafkaProducer<String, String> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            acks.add(kafka.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
        }
        long deadline = System.nanoTime() + config.sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", ids);
            delete.setArray(1, array);
            delete.executeUpdate();
        }
        Instant now = Instant.now();
        for (Row row : rows) {
            relayDelay.record(Duration.between(row.createdAt(), now));
        }
        relayed.increment(rows.size());
        return rows.size() == config.batchSize();
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK_ID);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(kafkaConfig);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.sendTimeout().toMillis());
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }
}
