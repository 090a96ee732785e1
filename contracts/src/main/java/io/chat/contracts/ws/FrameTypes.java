package io.chat.contracts.ws;

/**
 * The {@code type} of frames that are not domain events (those carry their event's type, e.g.
 * {@code message.created}); every transport (WebSocket, SSE, long-poll, STOMP) uses the same envelopes.
 */
public final class FrameTypes {

    // server to client
    public static final String WELCOME = "welcome";
    public static final String PRESENCE = "presence";
    public static final String TYPING = "typing";
    public static final String PONG = "pong";
    public static final String RESUMED = "resumed";
    public static final String ERROR = "error";
    /** A frame an administrator sent to one connection. */
    public static final String ADMIN = "admin";

    // client to server
    public static final String PING = "ping";
    public static final String RESUME = "resume";

    private FrameTypes() {
    }
}
