package io.chat.gateway.transport.ws;

import java.time.Instant;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.gateway.connection.ClientFrames;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
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
 * come from the event fan-out, client frames go to {@link ClientFrames}. Callbacks run on the event loop
 * and never block.
 */
@WebSocket(path = "/ws")
@Authenticated
public class ChatSocket {

    private static final UserData.TypedKey<Connection> CONNECTION = new UserData.TypedKey<>("chat-connection");

    private final ConnectionService connections;
    private final ClientFrames clientFrames;
    private final SecurityIdentity identity;

    public ChatSocket(ConnectionService connections, ClientFrames clientFrames, SecurityIdentity identity) {
        this.connections = connections;
        this.clientFrames = clientFrames;
        this.identity = identity;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection socket) {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        Connection connection = connections.accept(new SocketTransport(socket), socket.id(), jwt.getSubject(),
                Instant.ofEpochSecond(jwt.getExpirationTime()), socket.creationTime(), socket.handshakeRequest().remoteAddress());
        socket.userData().put(CONNECTION, connection);
        return connections.open(connection);
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection socket, String text) {
        clientFrames.handle(socket.userData().get(CONNECTION), text);
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection socket, Buffer data) {
        socket.userData().get(CONNECTION).touch();
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection socket) {
        connections.closed(socket.userData().get(CONNECTION));
    }
}
