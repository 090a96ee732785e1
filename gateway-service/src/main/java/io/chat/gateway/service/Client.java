package io.chat.gateway.service;

import java.time.Instant;

/** One open client connection on this instance: a WebSocket or an SSE stream. */
public interface Client {

    String id();

    String userId();

    /** The bearer token the client connected with, forwarded to chat-service on its behalf. */
    String token();

    Instant connectedAt();

    String remoteAddress();

    /** When the client last showed it is alive (a frame or a pong); the idle sweep closes silent ones. */
    Instant lastActive();

    boolean isOpen();

    /** Queues the frame without blocking; a client that cannot keep up is closed instead. */
    void send(OutboundFrame frame);

    void close(int code, String reason);

    default ConnectionInfo info(String instanceId) {
        return new ConnectionInfo(id(), userId(), connectedAt(), remoteAddress(), instanceId);
    }
}
