package io.chat.contracts.ws;

/**
 * Why the server ends a connection: the WebSocket close code (also reported by the other transports)
 * and whether a client should reconnect.
 */
public enum CloseCode {

    /** The client ended the connection itself (STOMP {@code DISCONNECT}, {@code DELETE /poll/{id}}). */
    NORMAL(1000, false),
    /** Nothing (not even a pong) arrived for the idle timeout. */
    IDLE(1001, true),
    /** Flooding past the rate limit, or closed by an administrator. */
    POLICY_VIOLATION(1008, true),
    /** The connection's state could not be set up (e.g. its rooms could not be loaded); try again later. */
    INTERNAL_ERROR(1011, true),
    /** The instance shuts down; reconnect, and the load balancer picks another. */
    SERVICE_RESTART(1012, true),
    /** The client read too slowly; reconnect and recover the gap. */
    TRY_AGAIN_LATER(1013, true),
    /** The access token expired; reconnect with a fresh one. */
    TOKEN_EXPIRED(4001, true),
    /** The user was deleted; do not reconnect. */
    USER_DELETED(4003, false);

    private final int code;
    private final boolean reconnect;

    CloseCode(int code, boolean reconnect) {
        this.code = code;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    public boolean reconnect() {
        return reconnect;
    }
}
