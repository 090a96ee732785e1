package io.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;


/**
 * One PostgreSQL server, one Kafka broker and two signing key pairs (user-service's access tokens, the
 * gateway's service tokens) per test JVM (that is, per module's
 * test run), started on first use and stopped when the JVM exits. Tests isolate their data with
 * unique ids; each service gets its own database.
 * <p>
 * Quarkus loads test classes again for each test profile, which would give each profile a fresh static
 * {@code instance}. The first one therefore publishes the addresses in a system property, and later
 * class loaders attach to the running infrastructure instead of starting another.
 */
public final class TestInfrastructure {

    private static final String SHARED_PROPERTY = "io.chat.test.infrastructure";
    private static final String SEPARATOR = "|";

    private static TestInfrastructure instance;

    private final String bootstrapServers;
    private final int postgresPort;
    private final DevKeys keys;
    private final DevKeys gatewayKeys;
    private final TestTokens tokens;
    /** Only in the class loader that started the broker; null where this instance attached to it. */
    private final EmbeddedKafka kafka;

    private TestInfrastructure(String bootstrapServers, int postgresPort, Path keysDir, EmbeddedKafka kafka) {
        this.bootstrapServers = bootstrapServers;
        this.postgresPort = postgresPort;
        this.keys = DevKeys.in(keysDir.resolve("users"));
        this.gatewayKeys = DevKeys.in(keysDir.resolve("gateway"));
        this.tokens = TestTokens.signedWith(keys.privateKey());
        this.kafka = kafka;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            String shared = System.getProperty(SHARED_PROPERTY);
            instance = shared == null ? start() : attach(shared);
        }
        return instance;
    }

    private static TestInfrastructure start() {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("chat-test-infra");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedDatabase database = EmbeddedDatabase.start(0, baseDir.resolve("postgres"));
        EmbeddedKafka kafka = new EmbeddedKafka(0, baseDir.resolve("kafka")).start();
        kafka.createTopics();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            database.close();
            Dirs.deleteRecursively(baseDir);
        }, "test-infrastructure-shutdown"));
        System.setProperty(SHARED_PROPERTY, String.join(SEPARATOR, kafka.bootstrapServers(),
                Integer.toString(database.port()), baseDir.resolve("keys").toString()));
        return new TestInfrastructure(kafka.bootstrapServers(), database.port(), baseDir.resolve("keys"), kafka);
    }

    private static TestInfrastructure attach(String shared) {
        String[] parts = shared.split("\\" + SEPARATOR);
        return new TestInfrastructure(parts[0], Integer.parseInt(parts[1]), Path.of(parts[2]), null);
    }

    /** The configuration a service needs to use this infrastructure with the given database (or none). */
    public Map<String, String> configFor(String databaseName) {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers);
        config.put("mp.jwt.verify.publickey.location", keys.publicKey().toString());
        config.put("smallrye.jwt.sign.key.location", keys.privateKey().toString());
        config.put(DevKeys.GATEWAY_SIGNING_KEY_PROPERTY, gatewayKeys.privateKey().toString());
        config.put(DevKeys.GATEWAY_PUBLIC_KEY_PROPERTY, gatewayKeys.publicKey().toString());
        if (databaseName != null) {
            config.put("quarkus.datasource.jdbc.url", EmbeddedDatabase.createDatabase(postgresPort, databaseName));
            config.put("quarkus.datasource.username", EmbeddedDatabase.USER);
            config.put("quarkus.datasource.password", EmbeddedDatabase.PASSWORD);
        }
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker itself, to stop and start it; only from the class loader that started it. */
    public EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("The broker was started by another class loader (another test profile)");
        }
        return kafka;
    }

    public DevKeys keys() {
        return keys;
    }

    /** The pair the gateway signs its service tokens with (chat-service verifies them). */
    public DevKeys gatewayKeys() {
        return gatewayKeys;
    }

    /** Service tokens as the gateway signs them, and others chat-service must refuse. */
    public ServiceTokens serviceTokens() {
        return new ServiceTokens(gatewayKeys.privateKey());
    }

    /** Tokens signed with this infrastructure's key pair, which the services under test trust. */
    public TestTokens tokens() {
        return tokens;
    }
}
