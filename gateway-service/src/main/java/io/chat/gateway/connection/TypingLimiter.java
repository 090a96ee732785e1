package io.chat.gateway.connection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.config.GatewayConfig;

/**
 * At most one forwarded typing signal per {@code typing-interval} per user and room, however many
 * connections the user has on this instance (twenty sockets do not make twenty signals).
 */
@ApplicationScoped
public class TypingLimiter {

    private record Key(String userId, String roomId) {
    }

    private final Duration interval;
    private final Map<Key, Instant> last = new ConcurrentHashMap<>();

    public TypingLimiter(GatewayConfig config) {
        this.interval = config.limits().typingInterval();
    }

    /** Whether the user's typing signal for the room may be forwarded now; if so, the interval starts again. */
    boolean allow(String userId, String roomId) {
        Instant now = Instant.now();
        Instant[] previous = new Instant[1];
        last.compute(new Key(userId, roomId), (key, at) -> {
            previous[0] = at;
            return at != null && at.plus(interval).isAfter(now) ? at : now;
        });
        return previous[0] == null || !previous[0].plus(interval).isAfter(now);
    }

    /** Forgets signals older than the interval, so the map holds only users typing right now. */
    void prune() {
        Instant cutoff = Instant.now().minus(interval);
        last.values().removeIf(at -> at.isBefore(cutoff));
    }
}
