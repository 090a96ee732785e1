package io.chat.gateway.listener;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventReader;
import io.chat.contracts.events.EventReader.TypedEvent;
import io.chat.contracts.events.UserEvents;
import io.chat.gateway.admin.AdminCommands;
import io.chat.gateway.cluster.GatewayMessages.Command;
import io.chat.gateway.cluster.GatewayMessages.PresenceSnapshot;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.EventRouter;
import io.chat.gateway.metrics.GatewayMetrics;
import io.chat.gateway.presence.ConnectionRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Reads every partition of the four topics the gateway needs, in one thread: each instance has a
 * consumer group of its own ({@code gateway-<instanceId>}), because every instance must see every event
 * (its connections may be in any room). It starts at the end of the log: a connecting client gets its
 * state from chat-service, and a client that reconnects catches up with {@code after=<seq>}.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final Map<String, Object> kafkaConfig;
    private final GatewayConfig.Topics topics;
    private final EventRouter router;
    private final ConnectionRegistry registry;
    private final AdminCommands admin;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final EventReader chatEvents;
    private final EventReader userEvents;
    private volatile boolean assigned;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private Thread worker;

    public EventConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, GatewayConfig config,
            EventRouter router, ConnectionRegistry registry, AdminCommands admin, GatewayMetrics metrics, ObjectMapper mapper) {
        this.kafkaConfig = kafkaConfig;
        this.topics = config.topics();
        this.router = router;
        this.registry = registry;
        this.admin = admin;
        this.metrics = metrics;
        this.mapper = mapper;
        this.chatEvents = new EventReader(mapper, ChatEvents.ALL);
        this.userEvents = new EventReader(mapper, UserEvents.ALL);
    }

    void start(@Observes StartupEvent event) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "gateway-" + registry.instanceId());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        running = true;
        worker = new Thread(this::run, "gateway-events");
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        consumer.wakeup();
        worker.join(Duration.ofSeconds(10).toMillis());
    }

    /** Whether the consumer has its partitions, i.e. events published from now on reach this instance. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topics.chatEvents(), topics.userEvents(), topics.presence(), topics.commands()),
                    new ConsumerRebalanceListener() {
                        @Override
                        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        }

                        @Override
                        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                            assigned = true;
                            LOG.infof("Consuming %d partitions", partitions.size());
                        }
                    });
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("The event consumer stopped; this instance reports not ready", e);
        } finally {
            assigned = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        try {
            String topic = record.topic();
            if (topic.equals(topics.chatEvents())) {
                read(chatEvents, record).ifPresent(router::chatEvent);
            } else if (topic.equals(topics.userEvents())) {
                read(userEvents, record).ifPresent(router::userEvent);
            } else if (topic.equals(topics.presence())) {
                registry.apply(mapper.readValue(record.value(), PresenceSnapshot.class));
            } else {
                command(mapper.readValue(record.value(), Command.class));
            }
        } catch (Exception e) {
            LOG.warnf("Skipping a record of %s (partition %d, offset %d) that could not be handled: %s",
                    record.topic(), record.partition(), record.offset(), e.toString());
            metrics.skipped(record.topic());
        }
    }

    /** The record's event, or empty (logged) when its type or version is not one this gateway knows. */
    private static Optional<TypedEvent<?>> read(EventReader reader, ConsumerRecord<String, String> record)
            throws JsonProcessingException {
        Optional<TypedEvent<?>> event = reader.read(record.value());
        if (event.isEmpty()) {
            LOG.debugf("Skipping an event of a type or version this gateway does not know (%s, partition %d, offset %d)",
                    record.topic(), record.partition(), record.offset());
        }
        return event;
    }

    /** Carries out a command from {@code gateway-commands} if it concerns this instance. */
    private void command(Command command) {
        switch (command.type()) {
            case Command.TYPING -> router.typing(command.roomId(), command.userId());
            case Command.SEND -> admin.send(command.connectionId(), command.data());
            case Command.CLOSE -> admin.close(command.connectionId());
            default -> LOG.warnf("Ignoring unknown command %s", command.type());
        }
    }
}
