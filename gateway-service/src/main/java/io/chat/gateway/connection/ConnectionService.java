package io.chat.gateway.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.Frames;
import io.chat.gateway.fanout.MemberLists;
import io.chat.gateway.fanout.Memberships;
import io.chat.gateway.fanout.RoomIndex;
import io.chat.gateway.metrics.GatewayMetrics;
import io.chat.gateway.presence.ConnectionRegistry;
import io.chat.gateway.security.DeletedUsers;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * The open connections of this instance and their life, whatever their transport: open (rooms from
 * chat-service, then {@code welcome}), close, the idle sweep, and the drain on graceful shutdown.
 */
@ApplicationScoped
public class ConnectionService {

    private static final Logger LOG = Logger.getLogger(ConnectionService.class);

    private final Memberships memberships;
    private final RoomIndex index;
    private final MemberLists memberLists;
    private final ConnectionRegistry registry;
    private final Frames frames;
    private final GatewayMetrics metrics;
    private final DeletedUsers deletedUsers;
    private final TypingLimiter typingLimiter;
    private final GatewayConfig.Limits limits;
    private final PendingOutput output;
    private final Duration tick;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;
    private ScheduledExecutorService housekeeping;

    public ConnectionService(Memberships memberships, RoomIndex index, MemberLists memberLists,
            ConnectionRegistry registry, Frames frames, GatewayMetrics metrics, DeletedUsers deletedUsers,
            TypingLimiter typingLimiter, PendingOutput output, GatewayConfig config) {
        this.memberships = memberships;
        this.index = index;
        this.memberLists = memberLists;
        this.registry = registry;
        this.frames = frames;
        this.metrics = metrics;
        this.deletedUsers = deletedUsers;
        this.typingLimiter = typingLimiter;
        this.limits = config.limits();
        this.output = output;
        output.connections(open::values);
        this.tick = config.presence().snapshotInterval();
        metrics.openConnections(open::size);
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
        List<Connection> all = List.copyOf(open.values());
        LOG.infof("Shutting down: closing %d connections with %d", all.size(), CloseCode.SERVICE_RESTART.code());
        all.forEach(c -> c.close(CloseCode.SERVICE_RESTART, "server restarting"));
        registry.publishEmpty();
    }

    void stop(@Observes ShutdownEvent event) {
        housekeeping.shutdownNow();
    }

    /** Whether new connections are taken (not while shutting down). */
    public boolean accepting() {
        return accepting;
    }

    /**
     * Takes one of the user's connection slots on this instance (the cap counts every transport), or
     * {@code false} when the user holds {@code max-connections-per-user} already. A successful admission is
     * followed by {@link #accept} (whose connection gives the slot back when closed) or {@link #release}.
     */
    public boolean admit(String userId) {
        return registry.admit(userId);
    }

    /** Gives back a slot {@link #admit} took for a connection that was never accepted. */
    public void release(String userId) {
        registry.release(userId);
    }

    /** Whether the user's next connection would be refused (checked before an upgrade, so it gets a 429). */
    public boolean atConnectionLimit(String userId) {
        return registry.full(userId);
    }

    /** A new connection of the token's user over the transport, admitted already, to {@link #open} next. */
    public Connection accept(Transport transport, String id, String userId, Instant expiresAt, Instant connectedAt,
            String remoteAddress) {
        return new Connection(id, userId, expiresAt, connectedAt, remoteAddress, transport, limits, metrics, output);
    }

    /** Loads the user's rooms, registers the connection and sends {@code welcome} before any event. */
    public Uni<Void> open(Connection connection) {
        index.loading(connection.userId());
        return memberships.rooms(connection.userId())
                .onItem().invoke(rooms -> {
                    List<String> roomIds = index.attach(connection, rooms, joined -> connection.send(
                            frames.welcome(connection.id(), connection.userId(), joined)));
                    open.put(connection.id(), connection);
                    registry.opened(connection.info(registry.instanceId()));
                    if (!connection.isOpen()) {
                        closed(connection); // it went away while its rooms were loading
                        return;
                    }
                    if (deletedUsers.contains(connection.userId())) { // user.deleted overtook chat-service's answer
                        closeDeleted(connection);
                        return;
                    }
                    memberLists.load(roomIds);
                    LOG.debugf("Connection %s of user %s opened with %d rooms", connection.id(), connection.userId(),
                            roomIds.size());
                })
                .onFailure().invoke(failure -> {
                    index.loadFailed(connection.userId());
                    if (failure instanceof Memberships.UserDeleted) {
                        closeDeleted(connection);
                    } else {
                        LOG.warnf("Rooms of user %s could not be loaded, closing %s: %s", connection.userId(),
                                connection.id(), failure.toString());
                        connection.close(CloseCode.INTERNAL_ERROR, "rooms unavailable");
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public void closed(Connection connection) {
        connection.detach();
        if (connection.release()) {
            registry.release(connection.userId());
        }
        index.detach(connection);
        if (open.remove(connection.id()) != null) {
            registry.closed(connection.id());
        }
    }

    /**
     * {@code user.deleted}: the user's tokens are refused from now on and their connections closed with
     * 4003 (after the {@code user.deleted} frame already queued to them).
     */
    public void userDeleted(String userId) {
        deletedUsers.add(userId);
        open.values().stream().filter(c -> c.userId().equals(userId)).forEach(this::closeDeleted);
    }

    private void closeDeleted(Connection connection) {
        LOG.infof("User %s was deleted, closing connection %s with %d", connection.userId(), connection.id(),
                CloseCode.USER_DELETED.code());
        metrics.closed(GatewayMetrics.USER_DELETED);
        connection.close(CloseCode.USER_DELETED, "user deleted");
    }

    /** The open connection with this id, if this instance holds it. */
    public Optional<Connection> local(String connectionId) {
        return Optional.ofNullable(open.get(connectionId));
    }

    private void tick() {
        try {
            registry.tick();
            deletedUsers.prune();
            typingLimiter.prune();
            Instant now = Instant.now();
            Instant idleCutoff = now.minus(limits.idleTimeout());
            for (Connection connection : open.values()) {
                if (connection.expiredAt(now)) {
                    metrics.closed(GatewayMetrics.TOKEN_EXPIRED);
                    connection.close(CloseCode.TOKEN_EXPIRED, "token expired");
                } else if (connection.silentSince(idleCutoff)) {
                    metrics.closed(GatewayMetrics.IDLE);
                    connection.close(CloseCode.IDLE, "idle");
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed", e);
        }
    }
}
