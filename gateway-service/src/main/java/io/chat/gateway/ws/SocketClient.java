package io.chat.gateway.ws;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.service.Client;
import io.chat.gateway.service.ConnectionService;
import io.chat.gateway.service.GatewayMetrics;
import io.chat.gateway.service.OutboundFrame;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * A WebSocket client. Output is bounded by bytes written but not yet flushed to the socket: a reader
 * too slow to keep up is closed with 1013 instead of growing the server's memory. Input is rate-limited
 * by a token bucket (past it: 1008) and typing by a minimum interval per room.
 */
final class SocketClient implements Client {

    private static final Logger LOG = Logger.getLogger(SocketClient.class);

    private final WebSocketConnection connection;
    private final String userId;
    private final String token;
    private final GatewayConfig.Limits limits;
    private final GatewayMetrics metrics;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Instant lastActive = Instant.now();
    /** Inbound state, touched only by this connection's serialized message callbacks. */
    private double tokens;
    private long refilledAt = System.nanoTime();
    private final Map<String, Instant> lastTyping = new HashMap<>();

    SocketClient(WebSocketConnection connection, String userId, String token, GatewayConfig.Limits limits,
            GatewayMetrics metrics) {
        this.connection = connection;
        this.userId = userId;
        this.token = token;
        this.limits = limits;
        this.metrics = metrics;
        this.tokens = limits.inboundBurst();
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Instant connectedAt() {
        return connection.creationTime();
    }

    @Override
    public String remoteAddress() {
        return connection.handshakeRequest().remoteAddress();
    }

    @Override
    public Instant lastActive() {
        return lastActive;
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen() && !closing.get();
    }

    @Override
    public void send(OutboundFrame frame) {
        if (closing.get()) {
            return;
        }
        int bytes = frame.bytes();
        if (pendingBytes.addAndGet(bytes) > limits.maxPendingBytes()) {
            pendingBytes.addAndGet(-bytes);
            LOG.infof("Connection %s of user %s reads too slowly (%d bytes pending), closing it", id(), userId,
                    pendingBytes.get());
            metrics.closed("slow-consumer");
            close(ConnectionService.TRY_AGAIN_LATER, "too slow to read");
            return;
        }
        metrics.frameOut();
        connection.sendText(frame.json()).subscribe().with(
                done -> pendingBytes.addAndGet(-bytes),
                failure -> pendingBytes.addAndGet(-bytes));
    }

    @Override
    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            connection.close(new CloseReason(code, reason)).subscribe().with(done -> {
            }, failure -> LOG.debugf("Closing %s failed: %s", id(), failure));
        }
    }

    void touch() {
        lastActive = Instant.now();
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

    /** Whether a typing signal for the room may be forwarded now (at most one per typing interval). */
    boolean typingAllowed(String roomId) {
        Instant now = Instant.now();
        Instant last = lastTyping.get(roomId);
        if (last != null && last.plus(limits.typingInterval()).isAfter(now)) {
            return false;
        }
        lastTyping.put(roomId, now);
        return true;
    }
}
