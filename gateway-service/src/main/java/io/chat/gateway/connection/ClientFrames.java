package io.chat.gateway.connection;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.ws.CloseCode;
import io.chat.contracts.ws.ErrorCodes;
import io.chat.contracts.ws.FrameTypes;
import io.chat.gateway.cluster.ClusterPublisher;
import io.chat.gateway.cluster.GatewayMessages.Command;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.Frames;
import io.chat.gateway.fanout.RoomIndex;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * What a client may send, whatever its transport: {@code ping}, {@code typing} and {@code resume}. Anything else (a
 * binary frame too) gets an {@code error} frame and the connection stays open; every frame, WebSocket pings
 * included, counts against the rate, and a client sending faster than it is closed.
 * Never blocks (transports call it on the event loop).
 */
@ApplicationScoped
public class ClientFrames {

    private final RoomIndex index;
    private final ClusterPublisher publisher;
    private final TypingLimiter typingLimiter;
    private final Frames frames;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final Resume resume;
    private final int maxFrameBytes;
    private final int inboundBurst;

    public ClientFrames(RoomIndex index, TypingLimiter typingLimiter, ClusterPublisher publisher, Frames frames,
            GatewayMetrics metrics, ObjectMapper mapper, Resume resume, GatewayConfig config) {
        this.index = index;
        this.typingLimiter = typingLimiter;
        this.publisher = publisher;
        this.frames = frames;
        this.metrics = metrics;
        this.mapper = mapper;
        this.resume = resume;
        this.maxFrameBytes = config.limits().maxFrameBytes();
        this.inboundBurst = config.limits().inboundBurst();
    }

    /** A frame as the client sent it (WebSocket text). */
    public void handle(Connection connection, String text) {
        if (!inbound(connection)) {
            return;
        }
        // a UTF-8 char takes at most 3 bytes, so only long frames need counting
        if (text.length() > maxFrameBytes / 3 && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            tooLarge(connection);
            return;
        }
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (Exception e) {
            frame = null;
        }
        if (frame == null || frame.isMissingNode()) { // readTree gives a missing node for an empty or blank frame
            error(connection, ErrorCodes.BAD_JSON, "The frame is not valid JSON");
            return;
        }
        dispatch(connection, frame);
    }

    /** A frame its transport has parsed already (a long-poll request body, within the HTTP body limit). */
    public void handle(Connection connection, JsonNode frame) {
        if (inbound(connection)) {
            dispatch(connection, frame);
        }
    }

    /**
     * A message the transport dropped as over its own cap ({@code quarkus.websockets-next.server.max-message-size},
     * above {@code max-frame-bytes}): answered as any frame over the limit, and counted against the rate.
     */
    public void oversized(Connection connection) {
        if (inbound(connection)) {
            tooLarge(connection);
        }
    }

    private void tooLarge(Connection connection) {
        error(connection, ErrorCodes.TOO_LARGE, "Frames are limited to " + maxFrameBytes + " bytes");
    }

    /** A binary frame: refused with an {@code error}, and counted against the rate like any frame. */
    public void binary(Connection connection) {
        if (inbound(connection)) {
            error(connection, ErrorCodes.BINARY_UNSUPPORTED, "Frames are JSON text frames; binary frames are not accepted");
        }
    }

    /** A WebSocket ping (the transport answers it): counted against the rate, so pings cannot flood either. */
    public void ping(Connection connection) {
        inbound(connection);
    }

    /**
     * Counts a client frame against the connection's rate; {@code false} (and the connection closed with
     * 1008) when it sends faster than allowed. Every client frame passes here first.
     */
    public boolean inbound(Connection connection) {
        if (!connection.isOpen()) {
            return false; // closing: what it still sends is not handled, nor counted again as a flood
        }
        metrics.frameIn();
        connection.touch();
        if (!connection.allowInbound()) {
            flooded(connection::close);
            return false;
        }
        return true;
    }

    /**
     * Whether the {@code waiting}th frame sent before the connection's welcome may wait for it (such frames
     * are handled once the rooms are loaded, all at once): one burst may, as the rate would let it through
     * then; the next one closes the connection with 1008 at once, so nothing more is held for it.
     */
    public boolean mayWait(Connection connection, int waiting) {
        return connection.isOpen() && mayWait(waiting, connection::close);
    }

    /** The same for a session without its connection yet (STOMP frames behind a {@code CONNECT}); {@code close} ends it. */
    public boolean mayWait(int waiting, BiConsumer<CloseCode, String> close) {
        if (waiting == inboundBurst + 1) {
            flooded(close);
        }
        return waiting <= inboundBurst;
    }

    private void flooded(BiConsumer<CloseCode, String> close) {
        metrics.closed(GatewayMetrics.FLOOD);
        close.accept(CloseCode.POLICY_VIOLATION, "too many frames");
    }

    /**
     * A member's typing signal is published (within its rate) so that every instance tells its
     * connections of the room; a non-member gets {@code error not_member}.
     */
    public void typing(Connection connection, String roomId) {
        if (!index.isMember(connection.userId(), roomId)) {
            error(connection, ErrorCodes.NOT_MEMBER, "Not a member of room " + roomId);
        } else if (typingLimiter.allow(connection.userId(), roomId)) {
            publisher.command(Command.typing(roomId, connection.userId()));
        }
    }

    private void dispatch(Connection connection, JsonNode frame) {
        switch (frame.path("type").asText()) {
            case FrameTypes.PING -> connection.send(frames.pong());
            case FrameTypes.TYPING -> {
                JsonNode roomId = frame.path("roomId");
                if (roomId.isTextual()) {
                    typing(connection, roomId.asText());
                } else {
                    error(connection, ErrorCodes.INVALID, "typing needs a roomId");
                }
            }
            case FrameTypes.RESUME -> resume.handle(connection, frame.path("rooms"));
            default -> error(connection, ErrorCodes.UNKNOWN_TYPE, "Unknown frame type; expected ping, typing or resume");
        }
    }

    private void error(Connection connection, String code, String message) {
        connection.send(frames.error(code, message));
    }
}
