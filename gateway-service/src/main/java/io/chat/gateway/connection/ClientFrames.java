package io.chat.gateway.connection;

import java.nio.charset.StandardCharsets;

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
 * What a client may send, whatever its transport: {@code ping} and {@code typing}. Anything else (a binary
 * frame too) gets an {@code error} frame and the connection stays open; every frame, WebSocket pings
 * included, counts against the rate, and a client sending faster than it is closed.
 * Never blocks (transports call it on the event loop).
 */
@ApplicationScoped
public class ClientFrames {

    private final RoomIndex index;
    private final TypingLimiter typingLimiter;
    private final ClusterPublisher publisher;
    private final Frames frames;
    private final GatewayMetrics metrics;
    private final ObjectMapper mapper;
    private final int maxFrameBytes;

    public ClientFrames(RoomIndex index, TypingLimiter typingLimiter, ClusterPublisher publisher, Frames frames, GatewayMetrics metrics,
            ObjectMapper mapper, GatewayConfig config) {
        this.index = index;
        this.typingLimiter = typingLimiter;
        this.publisher = publisher;
        this.frames = frames;
        this.metrics = metrics;
        this.mapper = mapper;
        this.maxFrameBytes = config.limits().maxFrameBytes();
    }

    public void handle(Connection connection, String text) {
        if (!admitted(connection)) {
            return;
        }
        // a UTF-8 char takes at most 3 bytes, so only long frames need counting
        if (text.length() > maxFrameBytes / 3 && text.getBytes(StandardCharsets.UTF_8).length > maxFrameBytes) {
            error(connection, ErrorCodes.TOO_LARGE, "Frames are limited to " + maxFrameBytes + " bytes");
            return;
        }
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (Exception e) {
            error(connection, ErrorCodes.BAD_JSON, "The frame is not valid JSON");
            return;
        }
        switch (frame.path("type").asText()) {
            case FrameTypes.PING -> connection.send(frames.pong());
            case FrameTypes.TYPING -> typing(connection, frame.path("roomId"));
            default -> error(connection, ErrorCodes.UNKNOWN_TYPE, "Unknown frame type; expected ping or typing");
        }
    }

    /** A binary frame: refused with an {@code error}, and counted against the rate like any frame. */
    public void binary(Connection connection) {
        if (admitted(connection)) {
            error(connection, ErrorCodes.BINARY_UNSUPPORTED, "Frames are JSON text frames; binary frames are not accepted");
        }
    }

    /** A WebSocket ping (the transport answers it): counted against the rate, so pings cannot flood either. */
    public void ping(Connection connection) {
        admitted(connection);
    }

    /** Counts a client frame; a client past its rate is closed with 1008 ({@code false}). */
    private boolean admitted(Connection connection) {
        metrics.frameIn();
        connection.touch();
        if (!connection.allowInbound()) {
            metrics.closed(GatewayMetrics.FLOOD);
            connection.close(CloseCode.POLICY_VIOLATION, "too many frames");
            return false;
        }
        return true;
    }

    /**
     * A member's typing signal is published (within its rate) so that every instance tells its
     * connections of the room.
     */
    private void typing(Connection connection, JsonNode roomId) {
        if (!roomId.isTextual()) {
            error(connection, ErrorCodes.INVALID, "typing needs a roomId");
        } else if (!index.isMember(connection.userId(), roomId.asText())) {
            error(connection, ErrorCodes.NOT_MEMBER, "Not a member of room " + roomId.asText());
        } else if (typingLimiter.allow(connection.userId(), roomId.asText())) {
            publisher.command(Command.typing(roomId.asText(), connection.userId()));
        }
    }

    private void error(Connection connection, String code, String message) {
        connection.send(frames.error(code, message));
    }
}
