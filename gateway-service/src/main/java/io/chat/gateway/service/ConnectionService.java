package io.chat.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.client.ChatServiceClient;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.events.GatewayMessages.Command;
import io.chat.gateway.events.GatewayProducer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The life of client connections, whatever their transport: open (rooms from chat-service, then
 * {@code welcome}), close, commands from the cluster, typing, idle sweep and graceful shutdown.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);
    /** WebSocket close codes of the API. */
    public static final int POLICY_VIOLATION = 1008;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int SERVICE_RESTART = 1012;
    private static final int GOING_AWAY = 1001;
    private static final int INTERNAL_ERROR = 1011;

    @RegisterForReflection
    record Welcome(String connectionId, String userId, List<String> rooms) {
    }

    @RegisterForReflection
    record Typing(String roomId, String userId) {
    }

    private final ChatServiceClient chatService;
    private final RoomIndex index;
    private final ConnectionRegistry registry;
    private final Delivery delivery;
    private final GatewayProducer producer;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final GatewayConfig.Limits limits;
    private final Duration tick;
    private volatile boolean accepting = true;
    private ScheduledExecutorService housekeeping;

    public ConnectionService(@RestClient ChatServiceClient chatService, RoomIndex index, ConnectionRegistry registry,
            Delivery delivery, GatewayProducer producer, GatewayMetrics metrics, ObjectMapper mapper,
            GatewayConfig config) {
        this.chatService = chatService;
        this.index = index;
        this.registry = registry;
        this.delivery = delivery;
        this.producer = producer;
        this.metrics = metrics;
        this.mapper = mapper;
        this.limits = config.limits();
        this.tick = config.presence().snapshotInterval();
    }

    void start(@Observes StartupEvent event) {
        housekeeping = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gateway-housekeeping"));
        housekeeping.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * First step of a graceful shutdown, before the HTTP server stops (needs
     * {@code quarkus.shutdown.delay-enabled}): refuse new connections, tell clients to reconnect elsewhere
     * (1012), and tell the cluster this instance holds no connection any more.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        accepting = false;
        housekeeping.shutdownNow();
        List<Client> open = registry.local();
        LOG.infof("Shutting down: closing %d connections with %d", open.size(), SERVICE_RESTART);
        open.forEach(c -> c.close(SERVICE_RESTART, "server restarting"));
        registry.publishEmpty();
    }

    void stop(@Observes ShutdownEvent event) {
        housekeeping.shutdownNow();
    }

    public boolean accepting() {
        return accepting;
    }

    /** Loads the user's rooms, registers the connection and sends {@code welcome} before any event. */
    public Uni<Void> open(Client client) {
        index.loading(client.userId());
        return chatService.rooms(bearer(client))
                .onItem().invoke(rooms -> {
                    List<String> roomIds = index.attach(client, rooms.stream().map(ChatServiceClient.RoomRef::id).toList(),
                            joined -> client.send(frame("welcome", null, new Welcome(client.id(), client.userId(), joined))));
                    registry.opened(client);
                    if (!client.isOpen()) {
                        closed(client); // it went away while its rooms were loading
                        return;
                    }
                    loadMembers(client, roomIds);
                    LOG.debugf("Connection %s of user %s opened with %d rooms", client.id(), client.userId(), roomIds.size());
                })
                .onFailure().invoke(failure -> {
                    index.loadFailed(client.userId());
                    LOG.warnf("Rooms of user %s could not be loaded, closing %s: %s", client.userId(), client.id(),
                            failure.toString());
                    client.close(INTERNAL_ERROR, "rooms unavailable");
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public void closed(Client client) {
        index.detach(client);
        registry.closed(client);
    }

    /** Fetches the member lists of rooms that have none yet, with the token of a member's connection. */
    public void loadMembers(Client client, List<String> roomIds) {
        for (String roomId : index.claimMemberLoads(roomIds)) {
            chatService.members(bearer(client), roomId).subscribe().with(
                    members -> {
                        Set<String> userIds = new HashSet<>();
                        members.forEach(m -> userIds.add(m.userId()));
                        index.membersLoaded(roomId, userIds);
                    },
                    failure -> {
                        LOG.warnf("Members of room %s could not be loaded: %s", roomId, failure.toString());
                        index.membersFailed(roomId);
                    });
        }
    }

    /**
     * A typing signal: a member's is published (when {@code allowed}, i.e. within its rate) so that every
     * instance tells its connections of the room.
     *
     * @return {@code false} if the client's user is not a member of the room
     */
    public boolean typing(Client client, String roomId, BooleanSupplier allowed) {
        if (!index.isMember(client.userId(), roomId)) {
            return false;
        }
        if (allowed.getAsBoolean()) {
            producer.command(Command.typing(roomId, client.userId()));
        }
        return true;
    }

    /** Carries out a command from {@code gateway-commands} if it concerns this instance. */
    public void apply(Command command) {
        switch (command.type()) {
            case Command.TYPING -> delivery.deliver(index.othersInRoom(command.roomId(), command.userId()),
                    frame("typing", command.roomId(), new Typing(command.roomId(), command.userId())), null);
            case Command.SEND -> registry.local(command.connectionId())
                    .ifPresent(c -> c.send(frame("admin", null, command.data())));
            case Command.CLOSE -> registry.local(command.connectionId()).ifPresent(c -> {
                LOG.infof("Closing connection %s of user %s on an admin's request", c.id(), c.userId());
                metrics.closed("admin");
                c.close(POLICY_VIOLATION, "closed by an administrator");
            });
            default -> LOG.warnf("Ignoring unknown command %s", command.type());
        }
    }

    public OutboundFrame frame(String type, String roomId, Object data) {
        return OutboundFrame.of(mapper, type, roomId, data, null);
    }

    private void tick() {
        try {
            registry.tick();
            Instant idleCutoff = Instant.now().minus(limits.idleTimeout());
            for (Client client : registry.local()) {
                if (client.lastActive().isBefore(idleCutoff)) {
                    metrics.closed("idle");
                    client.close(GOING_AWAY, "idle");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed", e);
        }
    }

    private static String bearer(Client client) {
        return "Bearer " + client.token();
    }
}
