package io.chat.gateway.ws;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.service.ConnectionService;
import io.chat.gateway.service.GatewayMetrics;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * {@code /ws}: authenticated at the upgrade (no or bad token: 401, no socket). Server-to-client frames
 * come from the event fan-out; client frames are {@code ping} and {@code typing}, anything else gets an
 * {@code error} frame and the connection stays open. Callbacks run on the event loop and never block.
 */
@WebSocket(path = "/ws")
@Authenticated
public class ChatSocket {

    private static final UserData.TypedKey<SocketClient> CLIENT = new UserData.TypedKey<>("chat-client");

    @RegisterForReflection
    record ErrorData(String code, String message) {
    }

    private final ConnectionService connections;
    private final SecurityIdentity identity;
    private final GatewayMetrics metrics;
    private final GatewayConfig.Limits limits;
    private final ObjectMapper mapper;

    public ChatSocket(ConnectionService connections, SecurityIdentity identity, GatewayMetrics metrics,
            GatewayConfig config, ObjectMapper mapper) {
        this.connections = connections;
        this.identity = identity;
        this.metrics = metrics;
        this.limits = config.limits();
        this.mapper = mapper;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        SocketClient client = new SocketClient(connection, jwt.getSubject(), jwt.getRawToken(), limits, metrics);
        connection.userData().put(CLIENT, client);
        return connections.open(client);
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection connection, String text) {
        SocketClient client = connection.userData().get(CLIENT);
        metrics.frameIn();
        client.touch();
        if (!client.allowInbound()) {
            metrics.closed("flood");
            client.close(ConnectionService.POLICY_VIOLATION, "too many frames");
            return;
        }
        // a UTF-8 char takes at most 3 bytes, so only long frames need counting
        if (text.length() > limits.maxFrameBytes() / 3
                && text.getBytes(StandardCharsets.UTF_8).length > limits.maxFrameBytes()) {
            error(client, "too_large", "Frames are limited to " + limits.maxFrameBytes() + " bytes");
            return;
        }
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (Exception e) {
            error(client, "bad_json", "The frame is not valid JSON");
            return;
        }
        switch (frame.path("type").asText()) {
            case "ping" -> client.send(connections.frame("pong", null, Map.of()));
            case "typing" -> typing(client, frame.path("roomId"));
            default -> error(client, "unknown_type", "Unknown frame type; expected ping or typing");
        }
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        connection.userData().get(CLIENT).touch();
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection connection) {
        connections.closed(connection.userData().get(CLIENT));
    }

    private void typing(SocketClient client, JsonNode roomId) {
        if (!roomId.isTextual()) {
            error(client, "invalid", "typing needs a roomId");
        } else if (!connections.typing(client, roomId.asText(), () -> client.typingAllowed(roomId.asText()))) {
            error(client, "not_member", "Not a member of room " + roomId.asText());
        }
    }

    private void error(SocketClient client, String code, String message) {
        client.send(connections.frame("error", null, new ErrorData(code, message)));
    }
}
