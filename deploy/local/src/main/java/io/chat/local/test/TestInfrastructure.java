package io.chat.local.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.chat.local.DevKeys;
import io.chat.local.Dirs;
import io.chat.local.EmbeddedDatabase;
import io.chat.local.EmbeddedKafka;

/**
 * One PostgreSQL server, one Kafka broker and one signing key pair per test JVM (that is, per module's
 * test run), started on first use and stopped when the JVM exits. Tests isolate their data with
 * unique ids; each service gets its own database.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final Path baseDir;
    private final EmbeddedDatabase database;
    private final EmbeddedKafka kafka;
    private final DevKeys keys;

    private TestInfrastructure() {
        try {
            baseDir = Files.createTempDirectory("chat-test-infra");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys = DevKeys.in(baseDir.resolve("keys"));
        database = EmbeddedDatabase.start(0, baseDir.resolve("postgres"));
        kafka = new EmbeddedKafka(0, baseDir.resolve("kafka")).start();
        kafka.createTopics();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "test-infrastructure-shutdown"));
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = new TestInfrastructure();
        }
        return instance;
    }

    /** The configuration a service needs to use this infrastructure with the given database (or none). */
    public Map<String, String> configFor(String databaseName) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("mp.jwt.verify.publickey.location", keys.publicKey().toString());
        config.put("smallrye.jwt.sign.key.location", keys.privateKey().toString());
        if (databaseName != null) {
            config.put("quarkus.datasource.jdbc.url", database.createDatabase(databaseName));
            config.put("quarkus.datasource.username", EmbeddedDatabase.USER);
            config.put("quarkus.datasource.password", "");
        }
        return config;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public DevKeys keys() {
        return keys;
    }

    private void shutdown() {
        kafka.stop();
        database.close();
        Dirs.deleteRecursively(baseDir);
    }
}
