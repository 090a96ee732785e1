package io.chat.gateway.cluster;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.cluster.GatewayMessages.Command;
import io.chat.gateway.cluster.GatewayMessages.PresenceSnapshot;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes this instance's presence snapshots and the commands meant for any instance. {@code send}
 * never waits for Kafka: the connector sends from a thread of its own, in call order, and a record that
 * cannot be sent is logged. While Kafka is away, records queue in memory.
 */
@ApplicationScoped
public class ClusterPublisher {

    private static final Logger LOG = Logger.getLogger(ClusterPublisher.class);

    private final Emitter<String> snapshots;
    private final Emitter<String> commands;
    private final ObjectMapper mapper;

    public ClusterPublisher(
            @Channel("presence-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> snapshots,
            @Channel("commands-out") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<String> commands,
            ObjectMapper mapper) {
        this.snapshots = snapshots;
        this.commands = commands;
        this.mapper = mapper;
    }

    /** Key = instance id, so the pages of a snapshot stay in order. */
    public void snapshot(PresenceSnapshot snapshot) {
        send(snapshots, snapshot.instanceId(), snapshot);
    }

    /** Key = room id for typing (a room's signals in order), connection id otherwise. */
    public void command(Command command) {
        send(commands, command.roomId() != null ? command.roomId() : command.connectionId(), command);
    }

    private void send(Emitter<String> emitter, String key, Object value) {
        String json;
        try {
            json = mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value, e);
        }
        emitter.send(Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .withNack(failure -> {
                    LOG.warnf("Could not publish a %s (key %s): %s", value.getClass().getSimpleName(), key,
                            failure.toString());
                    return CompletableFuture.completedFuture(null);
                }));
    }
}
