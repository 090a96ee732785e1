package io.chat.gateway.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chat.gateway.cluster.ClusterPublisher;
import io.chat.gateway.cluster.ConnectionInfo;
import io.chat.gateway.cluster.GatewayMessages.PresenceSnapshot;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.Delivery;
import io.chat.gateway.fanout.Frames;
import io.chat.gateway.fanout.RoomIndex;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The cluster-wide connection registry: this instance's open connections plus the latest snapshot of
 * every other instance (from {@code gateway-presence}). A user is online while any instance holds a
 * connection of theirs; an instance whose heartbeat stops is expired, so its users go offline.
 * Status changes are pushed as {@code presence} frames to the local connections sharing a room.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class);
    private static final String ONLINE = "online";
    private static final String OFFLINE = "offline";

    @RegisterForReflection
    public record PresenceView(String userId, String status, int connections) {
    }

    private record Remote(Instant receivedAt, List<ConnectionInfo> connections) {
    }

    /** The pages of another instance's snapshot received so far. */
    private static final class Assembly {
        final long generation;
        final List<ConnectionInfo> connections = new ArrayList<>();
        int pages;

        Assembly(long generation) {
            this.generation = generation;
        }
    }

    private final String instanceId;
    private final int maxConnectionsPerUser;
    private final GatewayConfig.Presence config;
    private final RoomIndex index;
    private final Delivery delivery;
    private final Frames frames;
    private final ClusterPublisher publisher;
    /** connectionId → this instance's open connections, in the order they opened. */
    private final Map<String, ConnectionInfo> local = new LinkedHashMap<>();
    private final Map<String, Remote> remote = new HashMap<>();
    private final Map<String, Assembly> assembling = new HashMap<>();
    /** userId → connections admitted on this instance (opening or open), of every transport. */
    private final Map<String, Integer> admitted = new HashMap<>();
    /** userId → open connections on the whole cluster. */
    private final Map<String, Integer> counts = new HashMap<>();
    private boolean dirty = true;
    private Instant lastPublished = Instant.EPOCH;
    private long generation;

    public ConnectionRegistry(GatewayConfig config, RoomIndex index, Delivery delivery, Frames frames,
            ClusterPublisher publisher) {
        this.instanceId = config.instanceId();
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
        this.config = config.presence();
        this.index = index;
        this.delivery = delivery;
        this.frames = frames;
        this.publisher = publisher;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Takes one of the user's {@code max-connections-per-user} slots on this instance for a new
     * connection, whatever its transport; {@code false} when none is free. Each admitted connection
     * {@link #release releases} its slot once.
     */
    public synchronized boolean admit(String userId) {
        int held = admitted.getOrDefault(userId, 0);
        if (held >= maxConnectionsPerUser) {
            return false;
        }
        admitted.put(userId, held + 1);
        return true;
    }

    /** Whether the user's next connection on this instance would be refused. */
    public synchronized boolean full(String userId) {
        return admitted.getOrDefault(userId, 0) >= maxConnectionsPerUser;
    }

    public synchronized void release(String userId) {
        admitted.computeIfPresent(userId, (user, held) -> held == 1 ? null : held - 1);
    }

    public synchronized void opened(ConnectionInfo connection) {
        local.put(connection.connectionId(), connection);
        change(Set.of(connection.userId()), () -> add(connection.userId(), 1));
    }

    public synchronized void closed(String connectionId) {
        ConnectionInfo connection = local.remove(connectionId);
        if (connection != null) {
            change(Set.of(connection.userId()), () -> add(connection.userId(), -1));
        }
    }

    /**
     * Takes a page of another instance's snapshot: every page counts as a heartbeat, and the last page
     * of a generation replaces that instance's connections.
     */
    public synchronized void apply(PresenceSnapshot page) {
        String instance = page.instanceId();
        if (instanceId.equals(instance)) {
            return;
        }
        Remote current = remote.get(instance);
        if (current != null) {
            remote.put(instance, new Remote(Instant.now(), current.connections()));
        }
        Assembly assembly = assembling.get(instance);
        if (assembly == null || assembly.generation != page.generation()) {
            assembly = new Assembly(page.generation());
            assembling.put(instance, assembly);
        }
        assembly.connections.addAll(page.connections());
        if (++assembly.pages < page.pages()) {
            return;
        }
        assembling.remove(instance);
        remote.put(instance, new Remote(Instant.now(), assembly.connections));
        replace(current == null ? List.of() : current.connections(), assembly.connections);
        if (current == null) {
            LOG.infof("Gateway instance %s joined with %d connections", instance, assembly.connections.size());
        }
    }

    /** Heartbeat tick: publishes this instance's snapshot when it changed or is due; expires silent instances. */
    public void tick() {
        Instant now = Instant.now();
        List<PresenceSnapshot> snapshot = List.of();
        synchronized (this) {
            if (dirty || lastPublished.plus(config.heartbeatInterval()).isBefore(now)) {
                snapshot = snapshot(now, List.copyOf(local.values()));
                dirty = false;
                lastPublished = now;
            }
            Instant cutoff = now.minus(config.expiry());
            for (var it = remote.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (entry.getValue().receivedAt().isBefore(cutoff)) {
                    it.remove();
                    assembling.remove(entry.getKey());
                    LOG.warnf("Gateway instance %s sent no heartbeat for %s, dropping its %d connections",
                            entry.getKey(), config.expiry(), entry.getValue().connections().size());
                    replace(entry.getValue().connections(), List.of());
                }
            }
        }
        snapshot.forEach(publisher::snapshot);
    }

    /** Tells the cluster this instance holds no connection any more (graceful shutdown). */
    public void publishEmpty() {
        List<PresenceSnapshot> empty;
        synchronized (this) {
            empty = snapshot(Instant.now(), List.of());
        }
        empty.forEach(publisher::snapshot);
    }

    public List<ConnectionInfo> connections(Optional<String> userId) {
        return all().filter(c -> userId.isEmpty() || userId.get().equals(c.userId())).toList();
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        return all().filter(c -> c.connectionId().equals(connectionId)).findFirst();
    }

    /** Each user's status and cluster-wide connection count; those not {@code visible} show as offline with 0. */
    public synchronized List<PresenceView> presence(List<String> userIds, Predicate<String> visible) {
        return userIds.stream().distinct().map(u -> {
            int n = visible.test(u) ? counts.getOrDefault(u, 0) : 0;
            return new PresenceView(u, n > 0 ? ONLINE : OFFLINE, n);
        }).toList();
    }

    private synchronized Stream<ConnectionInfo> all() {
        List<ConnectionInfo> all = new ArrayList<>(local.values());
        remote.values().forEach(r -> all.addAll(r.connections()));
        return all.stream();
    }

    /** The pages of a new snapshot generation (one page at least, so an empty snapshot is sent too). */
    private List<PresenceSnapshot> snapshot(Instant now, List<ConnectionInfo> connections) {
        generation++;
        int size = config.snapshotPageSize();
        int pages = Math.max(1, (connections.size() + size - 1) / size);
        List<PresenceSnapshot> snapshot = new ArrayList<>(pages);
        for (int page = 0; page < pages; page++) {
            List<ConnectionInfo> slice = connections.subList(page * size, Math.min(connections.size(), (page + 1) * size));
            snapshot.add(new PresenceSnapshot(instanceId, now, generation, page, pages, slice));
        }
        return snapshot;
    }

    private void replace(List<ConnectionInfo> before, List<ConnectionInfo> after) {
        Set<String> users = new HashSet<>();
        before.forEach(c -> users.add(c.userId()));
        after.forEach(c -> users.add(c.userId()));
        change(users, () -> {
            before.forEach(c -> add(c.userId(), -1));
            after.forEach(c -> add(c.userId(), 1));
        });
    }

    /** Runs {@code update} on the counts and announces the users whose online status flipped. */
    private void change(Set<String> users, Runnable update) {
        Map<String, Boolean> wasOnline = new HashMap<>();
        users.forEach(u -> wasOnline.put(u, counts.containsKey(u)));
        update.run();
        dirty = true;
        for (String user : users) {
            boolean online = counts.containsKey(user);
            if (online != wasOnline.get(user)) {
                delivery.deliver(index.sharingWith(user, false), frames.presence(user, online ? ONLINE : OFFLINE), null);
            }
        }
    }

    private void add(String userId, int delta) {
        counts.merge(userId, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
