package io.chat.gateway.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.events.GatewayMessages.PresenceSnapshot;
import io.chat.gateway.events.GatewayProducer;
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

    @RegisterForReflection
    public record PresenceView(String userId, String status, int connections) {
    }

    @RegisterForReflection
    record PresenceData(String userId, String status) {
    }

    private record Remote(Instant receivedAt, List<ConnectionInfo> connections) {
    }

    private final String instanceId;
    private final GatewayConfig.Presence config;
    private final RoomIndex index;
    private final Delivery delivery;
    private final GatewayProducer producer;
    private final ObjectMapper mapper;
    private final Map<String, Client> local = new ConcurrentHashMap<>();
    private final Map<String, Remote> remote = new HashMap<>();
    /** userId → open connections on the whole cluster. */
    private final Map<String, Integer> counts = new HashMap<>();
    private boolean dirty = true;
    private Instant lastPublished = Instant.EPOCH;

    public ConnectionRegistry(GatewayConfig config, RoomIndex index, Delivery delivery, GatewayProducer producer,
            ObjectMapper mapper, GatewayMetrics metrics) {
        this.instanceId = config.instanceId().orElseGet(() -> UUID.randomUUID().toString());
        this.config = config.presence();
        this.index = index;
        this.delivery = delivery;
        this.producer = producer;
        this.mapper = mapper;
        metrics.openConnections(local::size);
    }

    public String instanceId() {
        return instanceId;
    }

    public synchronized void opened(Client client) {
        local.put(client.id(), client);
        change(Set.of(client.userId()), () -> add(client.userId(), 1));
    }

    public synchronized void closed(Client client) {
        if (local.remove(client.id()) != null) {
            change(Set.of(client.userId()), () -> add(client.userId(), -1));
        }
    }

    public Optional<Client> local(String connectionId) {
        return Optional.ofNullable(local.get(connectionId));
    }

    public List<Client> local() {
        return List.copyOf(local.values());
    }

    /** Replaces another instance's connections with its latest snapshot. */
    public synchronized void apply(PresenceSnapshot snapshot) {
        if (instanceId.equals(snapshot.instanceId())) {
            return;
        }
        Remote previous = remote.put(snapshot.instanceId(), new Remote(Instant.now(), snapshot.connections()));
        List<ConnectionInfo> before = previous == null ? List.of() : previous.connections();
        replace(before, snapshot.connections());
        if (previous == null) {
            LOG.infof("Gateway instance %s joined with %d connections", snapshot.instanceId(),
                    snapshot.connections().size());
        }
    }

    /** Heartbeat tick: publishes this instance's snapshot when it changed or is due; expires silent instances. */
    public void tick() {
        Instant now = Instant.now();
        PresenceSnapshot snapshot = null;
        synchronized (this) {
            if (dirty || lastPublished.plus(config.heartbeatInterval()).isBefore(now)) {
                snapshot = snapshot(now);
                dirty = false;
                lastPublished = now;
            }
            Instant cutoff = now.minus(config.expiry());
            for (var it = remote.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (entry.getValue().receivedAt().isBefore(cutoff)) {
                    it.remove();
                    LOG.warnf("Gateway instance %s sent no heartbeat for %s, dropping its %d connections",
                            entry.getKey(), config.expiry(), entry.getValue().connections().size());
                    replace(entry.getValue().connections(), List.of());
                }
            }
        }
        if (snapshot != null) {
            producer.snapshot(snapshot);
        }
    }

    /** Tells the cluster this instance holds no connection any more (graceful shutdown). */
    public void publishEmpty() {
        producer.snapshot(new PresenceSnapshot(instanceId, Instant.now(), List.of()));
    }

    public List<ConnectionInfo> connections(Optional<String> userId) {
        return all().filter(c -> userId.isEmpty() || userId.get().equals(c.userId())).toList();
    }

    public Optional<ConnectionInfo> connection(String connectionId) {
        return all().filter(c -> c.connectionId().equals(connectionId)).findFirst();
    }

    public synchronized List<PresenceView> presence(List<String> userIds) {
        return userIds.stream().distinct().map(u -> {
            int n = counts.getOrDefault(u, 0);
            return new PresenceView(u, n > 0 ? "online" : "offline", n);
        }).toList();
    }

    private synchronized Stream<ConnectionInfo> all() {
        List<ConnectionInfo> all = new ArrayList<>();
        local.values().forEach(c -> all.add(c.info(instanceId)));
        remote.values().forEach(r -> all.addAll(r.connections()));
        return all.stream();
    }

    private PresenceSnapshot snapshot(Instant now) {
        return new PresenceSnapshot(instanceId, now, local.values().stream().map(c -> c.info(instanceId)).toList());
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
                String status = online ? "online" : "offline";
                OutboundFrame frame = OutboundFrame.of(mapper, "presence", null, new PresenceData(user, status), null);
                delivery.deliver(index.sharingWith(user, false), frame, null);
            }
        }
    }

    private void add(String userId, int delta) {
        counts.merge(userId, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
}
