package io.chat.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jboss.logging.Logger;

import io.chat.testkit.DevKeys;
import io.chat.testkit.EmbeddedDatabase;
import io.chat.testkit.EmbeddedKafka;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;

/**
 * The whole system on one machine: embedded PostgreSQL and Kafka, then every packaged service as a
 * child process on its local port. Ctrl-C (or SIGTERM) stops the services first, then the
 * infrastructure, leaving no process behind.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalStack.class);

    /** A service of the system: its module, local port and (if any) database. */
    public record Service(String module, int port, String database) {
    }

    public static final Service USERS = new Service("user-service", 8081, "users");
    public static final Service CHAT = new Service("chat-service", 8082, "chat");
    public static final Service GATEWAY = new Service("gateway-service", 8080, null);
    /** In start order: the gateway asks chat-service for a connecting user's rooms. */
    public static final List<Service> SERVICES = List.of(USERS, CHAT, GATEWAY);
    private static final String GATEWAY_ORIGIN = "http://localhost:" + GATEWAY.port();
    /** Per-address sign-in and registration rate of the local stack, per minute. */
    private static final String LOCAL_CLIENT_RATE = "1000000";

    private final Path root;
    private final Path stateDir;
    private final EmbeddedDatabase database;
    private final EmbeddedKafka kafka;
    private final DevKeys keys;
    private final DevKeys gatewayKeys;
    private final List<ServiceProcess> running = new ArrayList<>();
    private String chatServiceUrl = "http://localhost:" + CHAT.port();

    private LocalStack(Path root, Path stateDir, int postgresPort, int kafkaPort) {
        this.root = root;
        this.stateDir = stateDir;
        this.keys = DevKeys.in(root.resolve("deploy/local/.keys"));
        this.gatewayKeys = DevKeys.in(root.resolve("deploy/local/.keys/gateway"));
        this.database = EmbeddedDatabase.start(postgresPort, stateDir.resolve("postgres"));
        try {
            this.kafka = new EmbeddedKafka(kafkaPort, stateDir.resolve("kafka")).start();
            this.kafka.createTopics();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * Starts the infrastructure only; services are started with {@link #startService}.
     *
     * @param root the project's root directory (where the service modules are)
     * @param stateDir where the database, the Kafka log and the service logs are kept
     * @param postgresPort 0 for any free port
     * @param kafkaPort 0 for any free port
     */
    public static LocalStack startInfrastructure(Path root, Path stateDir, int postgresPort, int kafkaPort) {
        return new LocalStack(root, stateDir, postgresPort, kafkaPort);
    }

    /** The environment a service needs to reach this stack; the same variables Kubernetes sets. */
    public Map<String, String> environmentFor(Service service) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKey().toString());
        if (service.equals(USERS)) {
            // Only the issuer of tokens holds the private key.
            env.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", keys.privateKey().toString());
            // Test suites and load tools register and sign in thousands of users from this one address.
            env.put("CHAT_USERS_LIMITS_TOKEN_REQUESTS_PER_MINUTE", LOCAL_CLIENT_RATE);
            env.put("CHAT_USERS_LIMITS_REGISTRATIONS_PER_MINUTE", LOCAL_CLIENT_RATE);
        }
        // The gateway signs service tokens for chat-service's /internal reads; chat-service verifies them.
        if (service.equals(GATEWAY)) {
            env.put("GATEWAY_SIGNING_KEY_LOCATION", gatewayKeys.privateKey().toString());
        }
        if (service.equals(CHAT)) {
            env.put("CHAT_GATEWAY_PUBLICKEY_LOCATION", gatewayKeys.publicKey().toString());
        }
        if (service.database() != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", database.createDatabase(service.database()));
            env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
            env.put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.PASSWORD);
        }
        env.put("CHAT_SERVICE_URL", chatServiceUrl);
        // Browsers load the web client from the gateway and call the REST services from that origin.
        env.put("CHAT_CORS_ORIGINS", GATEWAY_ORIGIN);
        env.put("CHAT_GATEWAY_ALLOWED_ORIGINS", GATEWAY_ORIGIN);
        return env;
    }

    public Path appDir(Service service) {
        return root.resolve(service.module()).resolve("target/quarkus-app");
    }

    public ServiceProcess startService(Service service, int port, Map<String, String> extraEnv) {
        return startService(service, appDir(service), port, extraEnv);
    }

    /** From another build of the service, e.g. a copy that a rebuild of the module cannot change meanwhile. */
    public synchronized ServiceProcess startService(Service service, Path app, int port, Map<String, String> extraEnv) {
        Map<String, String> env = environmentFor(service);
        env.putAll(extraEnv);
        ServiceProcess process = ServiceProcess.start(service.module() + "-" + port, app, port, env,
                stateDir.resolve("logs"));
        running.add(process);
        if (service.equals(CHAT)) {
            chatServiceUrl = process.url();
        }
        return process;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedDatabase database() {
        return database;
    }

    /** The signing key pair the services of this stack use. */
    public DevKeys keys() {
        return keys;
    }

    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
        kafka.stop();
        database.close();
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int postgresPort = Integer.parseInt(System.getenv().getOrDefault("CHAT_POSTGRES_PORT", "5432"));
        int kafkaPort = Integer.parseInt(System.getenv().getOrDefault("CHAT_KAFKA_PORT", "9092"));
        Path stateDir = root.resolve("deploy/local/target/state");
        FileLock lock = lockState(stateDir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PostgreSQL (CHAT_POSTGRES_PORT)", postgresPort);
        ports.put("Kafka (CHAT_KAFKA_PORT)", kafkaPort);
        SERVICES.forEach(service -> ports.put(service.module(), service.port()));
        List<String> taken = ports.entrySet().stream().filter(e -> !Ports.isFree(e.getValue()))
                .map(e -> e.getValue() + " (" + e.getKey() + ")").toList();
        if (!taken.isEmpty()) {
            exit("Cannot start: port " + String.join(", ", taken) + " already in use on this machine.");
        }
        System.out.println("Starting PostgreSQL and Kafka (state in " + root.relativize(stateDir) + ") ...");
        LocalStack stack = startInfrastructure(root, stateDir, postgresPort, kafkaPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack ...");
            stack.close();
            releaseQuietly(lock);
            stopped.countDown();
        }, "local-stack-shutdown"));
        List<String> lines = new ArrayList<>();
        try {
            for (Service service : SERVICES) {
                if (!Files.exists(stack.appDir(service))) {
                    LOG.warnf("%s is not built, skipping it", service.module());
                    continue;
                }
                System.out.println("Starting " + service.module() + " on port " + service.port() + " ...");
                ServiceProcess process = stack.startService(service, service.port(), Map.of());
                lines.add(String.format("  %-16s %s   (log: %s)", service.module(), process.url(), process.logFile()));
            }
        } catch (RuntimeException e) {
            LOG.error("The local stack did not start", e);
            System.exit(1);
        }
        System.out.printf("%nChat platform is up.%n  PostgreSQL       localhost:%d (user postgres)%n  Kafka            %s%n%s%n"
                + "Web client: http://localhost:%d/   API docs: <service URL>/q/swagger-ui%n"
                + "Press Ctrl-C to stop everything.%n%n",
                stack.database.port(), stack.kafka.bootstrapServers(), String.join("\n", lines), GATEWAY.port());
        stopped.await();
    }

    /** One launcher per state folder: a second one would find the database locked by the first. */
    private static FileLock lockState(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            FileChannel channel = FileChannel.open(stateDir.resolve("launcher.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                exit("The local stack is already running (its state folder " + stateDir + " is in use); "
                        + "stop it with Ctrl-C in its terminal first.");
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            lock.channel().close();
        } catch (IOException e) {
            LOG.debug("Could not release the state lock", e);
        }
    }

    private static void exit(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
