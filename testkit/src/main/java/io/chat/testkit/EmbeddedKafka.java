package io.chat.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

import io.chat.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in this JVM.
 * It can be stopped and started again on the same port and log directory, which is how tests
 * simulate a broker outage without losing what was written before it.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    /** Every topic the services use; see docs/events.md. */
    public static final List<String> TOPICS = List.of(Topics.USER_EVENTS, Topics.USER_EVENTS_DLQ, Topics.CHAT_EVENTS,
            Topics.GATEWAY_PRESENCE, Topics.GATEWAY_COMMANDS);
    /** Topic settings other than the broker's defaults, as in production (deploy/k8s). */
    private static final Map<String, Map<String, String>> TOPIC_CONFIGS = Map.of(
            Topics.USER_EVENTS, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    /** Several partitions so that keyed topics spread while each key keeps its order. */
    private static final int PARTITIONS = 4;

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final String clusterId;
    private EmbeddedKafkaBroker broker;

    public EmbeddedKafka(int port, Path logDir) {
        this.port = port == 0 ? Ports.free() : port;
        this.controllerPort = Ports.free();
        this.logDir = logDir;
        this.clusterId = clusterId(logDir);
    }

    /** A formatted log directory only starts with the cluster id it was formatted with: reuse it. */
    private static String clusterId(Path logDir) {
        Path meta = logDir.resolve("meta.properties");
        if (Files.exists(meta)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(meta)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return properties.getProperty("cluster.id");
        }
        return Uuid.randomUuid().toString();
    }

    public synchronized EmbeddedKafka start() {
        if (broker != null) {
            return this;
        }
        broker = new EmbeddedKafkaBroker()
                .withKafkaHost("localhost")
                .withKafkaPort(port)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(p -> {
                    p.put("log.dir", logDir.toString());
                    p.put("auto.create.topics.enable", "true");
                    p.put("num.partitions", Integer.toString(PARTITIONS));
                })
                .start();
        LOG.infof("Kafka broker listening on %s (log dir %s)", bootstrapServers(), logDir);
        return this;
    }

    /**
     * Creates the system's topics up front: a consumer that subscribes before its topic exists would
     * only notice it at its next metadata refresh (minutes), so auto-creation by the first producer is
     * not enough.
     */
    public void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1).configs(TOPIC_CONFIGS.getOrDefault(t, Map.of())))
                    .toList();
            for (KafkaFuture<Void> created : admin.createTopics(missing).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    // On a busy machine the admin client retries a timed-out request that did create the topic.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
            LOG.infof("Kafka broker on port %d stopped", port);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
