package io.chat.gateway.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.cluster.GatewayMessages.Command;
import io.chat.gateway.cluster.GatewayMessages.PresenceSnapshot;
import io.chat.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Publishes this instance's presence snapshots and the commands meant for any instance. Sends go through
 * one thread of their own, so a caller on the event loop never waits for Kafka metadata, and keep their order.
 */
@ApplicationScoped
public class ClusterPublisher {

    private static final Logger LOG = Logger.getLogger(ClusterPublisher.class);

    private final Map<String, Object> kafkaConfig;
    private final ObjectMapper mapper;
    private final GatewayConfig.Topics topics;
    private KafkaProducer<String, String> producer;
    private ExecutorService sender;

    public ClusterPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ObjectMapper mapper,
            GatewayConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.mapper = mapper;
        this.topics = config.topics();
    }

    void start(@Observes StartupEvent event) {
        Map<String, Object> props = new HashMap<>(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        sender = Executors.newSingleThreadExecutor(r -> new Thread(r, "gateway-producer"));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
    }

    public void snapshot(PresenceSnapshot snapshot) {
        send(topics.presence(), snapshot.instanceId(), snapshot);
    }

    public void command(Command command) {
        send(topics.commands(), command.roomId() != null ? command.roomId() : command.connectionId(), command);
    }

    private void send(String topic, String key, Object value) {
        String json;
        try {
            json = mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value, e);
        }
        sender.execute(() -> producer.send(new ProducerRecord<>(topic, key, json), (metadata, failure) -> {
            if (failure != null) {
                LOG.warnf("Could not publish to %s (key %s): %s", topic, key, failure.toString());
            }
        }));
    }
}
