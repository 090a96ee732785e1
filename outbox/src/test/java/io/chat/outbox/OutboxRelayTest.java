package io.chat.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import io.chat.testkit.EmbeddedDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The relay against a real PostgreSQL with its migrations and a Kafka stand-in that fails on demand:
 * it outlives an Error, parks poison rows so that the rows after them flow, and parks nothing while
 * Kafka is down.
 */
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_ATTEMPTS = 3;

    private static EmbeddedDatabase database;
    private static PGSimpleDataSource dataSource;

    private final FlakyKafka kafka = new FlakyKafka();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private OutboxRelay relay;

    @BeforeAll
    static void startDatabase(@TempDir Path dir) throws Exception {
        database = EmbeddedDatabase.start(0, dir);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.createDatabase("outbox"));
        dataSource.setUser(EmbeddedDatabase.USER);
        dataSource.setPassword(EmbeddedDatabase.PASSWORD);
        for (String migration : new String[] { "V0_1__outbox_event.sql", "V0_2__outbox_parked.sql" }) {
            execute(resource("db/outbox/" + migration));
        }
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @BeforeEach
    void emptyOutbox() throws SQLException {
        execute("DELETE FROM outbox_event; DELETE FROM outbox_parked");
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
    }

    @Test
    void anErrorDoesNotStopTheRelay() throws SQLException {
        AtomicBoolean failed = new AtomicBoolean();
        DataSource failingOnce = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && failed.compareAndSet(false, true)) {
                        throw new NoClassDefFoundError("injected");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        insert("chat-events", "after the error");
        relay = new OutboxRelay(failingOnce, new Config(), () -> kafka, registry);
        relay.start();

        await().atMost(TIMEOUT).until(() -> kafka.delivered("after the error"));
        assertTrue(failed.get());
        assertTrue(relay.isAlive());
        assertEquals(1, registry.counter("outbox.relay.failures").count());
    }

    @Test
    void poisonRowsAreParkedAndTheRowsAfterThemFlow() throws SQLException {
        kafka.failing = Set.of("unreachable");
        insert("too-large", "refused for good");
        insert("unreachable", "fails every time");
        relay = new OutboxRelay(dataSource, new Config(), () -> kafka, registry);
        relay.start();
        // Each failure next to a delivery counts; alone, the failing row is only retried.
        for (int i = 1; i <= MAX_ATTEMPTS; i++) {
            String text = "delivered " + i;
            insert("chat-events", text);
            relay.wakeUp();
            await().atMost(TIMEOUT).until(() -> kafka.delivered(text));
        }
        await().atMost(TIMEOUT).until(() -> count("outbox_parked") == 2);
        assertEquals(0, count("outbox_event"));
        assertEquals(1, queryInt("SELECT attempts FROM outbox_parked WHERE topic = 'too-large'"));
        assertEquals(MAX_ATTEMPTS, queryInt("SELECT attempts FROM outbox_parked WHERE topic = 'unreachable'"));
        assertEquals(2, registry.counter("outbox.parked").count());
        assertTrue(relay.isAlive());
    }

    @Test
    void nothingIsParkedWhileKafkaIsDown() throws SQLException {
        kafka.down = true;
        insert("chat-events", "one");
        insert("chat-events", "two");
        relay = new OutboxRelay(dataSource, new Config(), () -> kafka, registry);
        relay.start();
        await().atMost(TIMEOUT).until(() -> registry.counter("outbox.relay.failures").count() > 2 * MAX_ATTEMPTS);
        assertEquals(2, count("outbox_event"));
        assertEquals(0, count("outbox_parked"));
        assertTrue(relay.oldestPendingSeconds() > 0);
        assertTrue(registry.get("outbox.oldest.age").gauge().value() > 0);

        kafka.down = false;
        await().atMost(TIMEOUT).until(() -> kafka.delivered("one") && kafka.delivered("two") && count("outbox_event") == 0);
        await().atMost(TIMEOUT).until(() -> relay.oldestPendingSeconds() == 0);
    }

    @Test
    void aRowThatFailsAtOnceIsNotOvertakenByTheRowsAfterItOfItsKey() throws SQLException {
        // As when Kafka comes back: the first send times out waiting for metadata, the next ones go through.
        kafka.failOnce.add("first");
        insert("chat-events", "first");
        insert("chat-events", "second");
        insert("chat-events", "third");
        relay = new OutboxRelay(dataSource, new Config(), () -> kafka, registry);
        relay.start();
        await().atMost(TIMEOUT).until(() -> count("outbox_event") == 0);
        assertEquals(List.of("first", "second", "third"), kafka.history().stream().map(ProducerRecord::value).toList());
    }

    /**
     * Acknowledges every send at once, except to the {@code failing} topics, all of them when {@code down},
     * and the first send of each {@code failOnce} payload.
     */
    private static final class FlakyKafka extends MockProducer<String, String> {

        volatile Set<String> failing = Set.of();
        volatile boolean down;
        final Set<String> failOnce = ConcurrentHashMap.newKeySet();

        FlakyKafka() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (down || failing.contains(record.topic()) || failOnce.remove(record.value())) {
                return CompletableFuture.failedFuture(new NotEnoughReplicasException("injected"));
            }
            if (record.topic().equals("too-large")) {
                return CompletableFuture.failedFuture(new RecordTooLargeException("injected"));
            }
            return super.send(record, callback);
        }

        /** The relay closes its producer after a failed attempt; this one stays usable. */
        @Override
        public void close(Duration timeout) {
        }

        boolean delivered(String payload) {
            return history().stream().anyMatch(r -> r.value().equals(payload));
        }
    }

    private static final class Config implements OutboxConfig {
        @Override
        public Duration pollInterval() {
            return Duration.ofMillis(50);
        }

        @Override
        public int batchSize() {
            return 100;
        }

        @Override
        public Duration sendTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration initialBackoff() {
            return Duration.ofMillis(10);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(50);
        }

        @Override
        public int maxAttempts() {
            return MAX_ATTEMPTS;
        }
    }

    private static void insert(String topic, String payload) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO outbox_event (event_id, topic, event_key, payload) VALUES (?, ?, 'key', ?)")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, topic);
            insert.setString(3, payload);
            insert.executeUpdate();
        }
    }

    private static int count(String table) throws SQLException {
        return queryInt("SELECT count(*) FROM " + table);
    }

    private static int queryInt(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = OutboxRelayTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
