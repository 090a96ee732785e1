package io.chat.gateway.listener;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.fanout.Delivery;
import io.chat.gateway.fanout.EventRouter;
import io.chat.gateway.metrics.GatewayMetrics;
import io.chat.gateway.presence.ConnectionRegistry;
import io.smallrye.common.annotation.Blocking;

/**
 * The four topics the gateway reads, one channel each, a poll's records at a time. Every instance has
 * consumer groups of its own (application.properties), because every instance must see every event: its
 * connections may be in any room. A channel's records are handled in order on one worker thread at a
 * time, so a room (one partition) keeps its order. A record that cannot be read or handled is logged,
 * counted and skipped: it never stops a channel.
 */
@ApplicationScoped
public class GatewayListener {

    private static final Logger LOG = Logger.getLogger(GatewayListener.class);

    @FunctionalInterface
    private interface RecordHandler {
        void handle(ConsumerRecord<String, String> record) throws JsonProcessingException;
    }

    private final EventRouter router;
    private final Delivery delivery;
    private final ConnectionService connections;
    private final ConnectionRegistry registry;
    private final AdminCommands admin;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final EventReader chatEvents;
    private final EventReader userEvents;

    public GatewayListener(EventRouter router, Delivery delivery, ConnectionService connections, ConnectionRegistry registry, AdminCommands admin, GatewayMetrics metrics,
            ObjectMapper mapper) {
        this.router = router;
        this.delivery = delivery;
        this.connections = connections;
        this.registry = registry;
        this.admin = admin;
        this.metrics = metrics;
        this.mapper = mapper;
        this.chatEvents = new EventReader(mapper, ChatEvents.ALL);
        this.userEvents = new EventReader(mapper, UserEvents.ALL);
    }

    @Incoming("chat-events")
    @Blocking
    public void chatEvents(ConsumerRecords<String, String> records) {
        metrics.polled(records.count());
        // Each connection gets the poll's frames in one hand-over (Delivery.batch). Not user events:
        // user.deleted closes connections right after its frame, which must be written before.
        delivery.batch(() -> each(records, record -> read(chatEvents, record).ifPresent(router::chatEvent)));
    }

    @Incoming("user-events")
    @Blocking
    public void userEvents(ConsumerRecords<String, String> records) {
        each(records, record -> read(userEvents, record).ifPresent(event -> {
            router.userEvent(event);
            if (event.type().equals(UserEvents.USER_DELETED)) {
                connections.userDeleted(event.envelope().key());
            }
        }));
    }

    /** Other instances' connection snapshots. */
    @Incoming("presence-in")
    @Blocking
    public void presence(ConsumerRecords<String, String> records) {
        each(records, record -> registry.apply(mapper.readValue(record.value(), PresenceSnapshot.class)));
    }

    /** Typing signals and admin commands, carried out where they concern this instance. */
    @Incoming("commands-in")
    @Blocking
    public void commands(ConsumerRecords<String, String> records) {
        each(records, record -> {
            Command command = mapper.readValue(record.value(), Command.class);
            switch (command.type()) {
                case Command.TYPING -> router.typing(command.roomId(), command.userId());
                case Command.SEND -> admin.send(command.connectionId(), command.data());
                case Command.CLOSE -> admin.close(command.connectionId());
                default -> LOG.warnf("Ignoring unknown command %s", command.type());
            }
        });
    }

    private void each(ConsumerRecords<String, String> records, RecordHandler handler) {
        for (ConsumerRecord<String, String> record : records) {
            try {
                handler.handle(record);
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warnf("Skipping a record of %s (partition %d, offset %d) that could not be handled: %s",
                        record.topic(), record.partition(), record.offset(), e.toString());
                metrics.skipped(record.topic());
            }
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
}
