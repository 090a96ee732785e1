package io.chat.gateway.connection;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.cluster.ConnectionInfo;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.OutboundFrame;
import io.chat.gateway.fanout.Recipient;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * One open client connection on this instance, whatever its {@link Transport}. Output is bounded by the
 * bytes handed to the transport but not yet written out: a reader too slow to keep up is closed with 1013
 * instead of growing the server's memory. Input is rate-limited by a token bucket (past it: 1008); typing
 * is limited per user and room ({@link TypingLimiter}).
 */
public final class Connection implements Recipient {

    private static final Logger LOG = Logger.getLogger(Connection.class);
    private static final long DETACHED = 1L << 62;
    private static final Runnable NOTHING = () -> {
    };

    private final String id;
    private final String userId;
    /** When the connection's access token expires (it is closed with 4001 then). */
    private final Instant expiresAt;
    private final Instant connectedAt;
    private final String remoteAddress;
    private final Transport transport;
    private final GatewayConfig.Limits limits;
    private final GatewayMetrics metrics;
    private final PendingOutput output;
    /**
     * Bytes handed to the transport and not written out yet; {@link #DETACHED} is set once they no longer
     * count in the instance's total (the connection is closing), in the same atomic step as each change,
     * so every byte leaves the total exactly once.
     */
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once its slot of the per-user cap was given back. */
    private final AtomicBoolean released = new AtomicBoolean();
    private final RoomReplays replays = new RoomReplays();
    /** Epoch millis of the client's last sign of life (a long, not an {@code Instant} made on every frame). */
    private volatile long lastActive = System.currentTimeMillis();
    /** Inbound state, touched only by this connection's serialized callbacks. */
    private double tokens;
    private long refilledAt = System.nanoTime();

    Connection(String id, String userId, Instant expiresAt, Instant connectedAt, String remoteAddress, Transport transport,
            GatewayConfig.Limits limits, GatewayMetrics metrics, PendingOutput output) {
        this.id = id;
        this.userId = userId;
        this.expiresAt = expiresAt;
        this.connectedAt = connectedAt;
        this.remoteAddress = remoteAddress;
        this.transport = transport;
        this.limits = limits;
        this.metrics = metrics;
        this.output = output;
        this.tokens = limits.inboundBurst();
    }

    public String id() {
        return id;
    }

    Instant connectedAt() {
        return connectedAt;
    }

    /** Bytes handed to the transport and not yet written out. */
    long pendingBytes() {
        return pendingBytes.get() & ~DETACHED;
    }

    @Override
    public String userId() {
        return userId;
    }

    /** Whether its access token has expired by {@code now}. */
    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isOpen() {
        return !closing.get() && transport.isOpen();
    }

    @Override
    public void send(OutboundFrame frame) {
        send(frame, NOTHING);
    }

    @Override
    public void send(OutboundFrame frame, Runnable written) {
        if (closing.get()) {
            return;
        }
        if (frame.roomId() == null) {
            write(frame, written);
            return;
        }
        // Absorb and write in one step: a frame let through is out before a replay of its room is written,
        // never after it (the replay has it too, so that would repeat it behind resumed).
        synchronized (replays) {
            if (replays.absorb(frame)) {
                if (replays.heldBytes() + pendingBytes() > limits.maxPendingBytes()) {
                    tooSlow();
                }
                return;
            }
            write(frame, written);
        }
    }

    RoomReplays replays() {
        return replays;
    }

    /**
     * Ends a room's replay: writes the replayed frames and {@code resumed}, then the room's live frames
     * held meanwhile except the {@code message.created} ones up to {@code coveredUpTo} (and drops those
     * from now on). Under the replays' monitor, so that no live frame of the room gets between them.
     */
    void finishReplay(String roomId, List<OutboundFrame> replay, OutboundFrame resumed, long coveredUpTo) {
        synchronized (replays) {
            List<OutboundFrame> held = replays.stop(roomId, coveredUpTo);
            replay.forEach(frame -> write(frame, NOTHING));
            write(resumed, NOTHING);
            held.forEach(frame -> write(frame, NOTHING));
        }
    }

    private void write(OutboundFrame frame, Runnable written) {
        if (closing.get()) {
            return;
        }
        int bytes = frame.bytes();
        if (pendingBytes() + bytes > limits.maxPendingBytes()) {
            tooSlow();
            return;
        }
        if (output.wouldExceed(bytes)) {
            output.shed(bytes);
            if (closing.get()) {
                return; // it was an offender itself
            }
        }
        // The total first: a completion can then never take out of it what was not yet put in.
        output.add(bytes);
        if ((pendingBytes.getAndAdd(bytes) & DETACHED) != 0) {
            output.add(-bytes);
        }
        metrics.frameOut();
        transport.write(frame, () -> {
            if ((pendingBytes.getAndAdd(-bytes) & DETACHED) == 0) {
                output.add(-bytes);
            }
            written.run();
        });
    }

    private void tooSlow() {
        LOG.infof("Connection %s of user %s reads too slowly (%d bytes pending), closing it", id, userId,
                pendingBytes() + replays.heldBytes());
        metrics.closed(GatewayMetrics.SLOW_CONSUMER);
        close(CloseCode.TRY_AGAIN_LATER, "too slow to read");
    }

    /** Closed with 1013 to bring the instance's pending output under {@code max-pending-bytes-total}. */
    void overTotal() {
        close(CloseCode.TRY_AGAIN_LATER, "too slow to read, server busy");
    }

    public void close(CloseCode code, String reason) {
        if (closing.compareAndSet(false, true)) {
            detach();
            transport.close(code, reason);
        }
    }

    /**
     * Takes what the connection still holds out of the instance's total, once: a closing or closed
     * connection's output is freed by its transport (written or failed) on its own time, or never (a
     * long-poll session that ended), and must not make shedding close others.
     */
    void detach() {
        long before = pendingBytes.getAndAccumulate(DETACHED, (value, bit) -> value | bit);
        if ((before & DETACHED) == 0) {
            output.add(-before);
        }
    }

    /** {@code true} the first time only: the connection gives back its slot of the per-user cap once. */
    boolean release() {
        return released.compareAndSet(false, true);
    }

    /** The client showed it is alive (a frame or a pong). */
    public void touch() {
        lastActive = System.currentTimeMillis();
    }

    /** Whether the client, able to talk, has shown no sign of life since {@code cutoff}. */
    boolean silentSince(Instant cutoff) {
        return transport.closesWhenSilent() && lastActive < cutoff.toEpochMilli();
    }

    /** Takes a token from the inbound bucket; {@code false} when the client sends faster than allowed. */
    boolean allowInbound() {
        long now = System.nanoTime();
        tokens = Math.min(limits.inboundBurst(), tokens + (now - refilledAt) / 1e9 * limits.inboundRate());
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    ConnectionInfo info(String instanceId) {
        return new ConnectionInfo(id, userId, connectedAt, remoteAddress, instanceId);
    }
}
