package io.chat.gateway.transport.ws;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.ClientFrames;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPingMessage;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * {@code /ws}: authenticated at the upgrade (no or bad token: 401, no socket), by the HTTP permission on
 * {@code /ws} and {@link UpgradeGuard}, which hands over the {@link UpgradeGuard.SocketUser}; no
 * {@code @Authenticated} here, as websockets-next would then keep the upgrade's identity and request for
 * the socket's life. Server-to-client frames
 * come from the event fan-out, client frames go to {@link ClientFrames}. Callbacks run on the event loop
 * and never block.
 * <p>
 * Concurrent inbound processing: websockets-next's serial mode would keep a queue for every socket's life
 * only to hold the frames sent while {@code @OnOpen} loads the rooms. {@link Opening} holds those instead,
 * for that time only and at most one inbound burst of them, and runs them (and {@code @OnClose}) in order
 * after the welcome.
 */
@WebSocket(path = "/ws", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ChatSocket {

    private static final Logger LOG = Logger.getLogger(ChatSocket.class);
    /** How Vert.x's WebSocket frame aggregator reports a message over its max size (its only signal). */
    private static final String OVERSIZED_MESSAGE = "Cannot process ";
    private static final UserData.TypedKey<Connection> CONNECTION = new UserData.TypedKey<>("chat-connection");
    private static final UserData.TypedKey<Opening> OPENING = new UserData.TypedKey<>("chat-opening");

    private final ConnectionService connections;
    private final ClientFrames clientFrames;

    public ChatSocket(ConnectionService connections, ClientFrames clientFrames) {
        this.connections = connections;
        this.clientFrames = clientFrames;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection socket) {
        UpgradeGuard.SocketUser user = socket.userData().remove(UpgradeGuard.SOCKET_USER); // read once, not kept
        if (!connections.admit(user.userId())) {
            // UpgradeGuard answered 429 before the upgrade; only concurrent upgrades of one user get here
            return socket.close(new CloseReason(CloseCode.POLICY_VIOLATION.code(), "too many connections"));
        }
        Connection connection = connections.accept(new SocketTransport(socket), socket.id(), user.userId(),
                user.expiresAt(), socket.creationTime(), socket.handshakeRequest().remoteAddress());
        Opening opening = new Opening(Vertx.currentContext());
        socket.userData().put(OPENING, opening);
        socket.userData().put(CONNECTION, connection);
        return connections.open(connection).onTermination().invoke(() -> opening.end(socket));
    }

    @OnTextMessage
    @NonBlocking
    public void message(WebSocketConnection socket, String text) {
        frame(socket, connection -> clientFrames.handle(connection, text));
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection socket, Buffer data) {
        frame(socket, clientFrames::binary);
    }

    @OnPingMessage
    @NonBlocking
    public void ping(WebSocketConnection socket, Buffer data) {
        frame(socket, clientFrames::ping);
    }

    /** Not a client frame (it answers the server's ping): nothing to order, nothing to count. */
    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection socket, Buffer data) {
        withConnection(socket, Connection::touch);
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection socket) {
        withConnection(socket, connection -> {
            Opening opening = socket.userData().get(OPENING);
            if (opening == null) {
                connections.closed(connection);
            } else {
                opening.then(() -> connections.closed(connection));
            }
        });
    }

    /** A client that resets its connection is ordinary: one debug line, no stack trace. */
    @OnError
    @NonBlocking
    public void error(WebSocketConnection socket, Throwable failure) {
        if (failure instanceof IOException || failure instanceof HttpClosedException) {
            LOG.debugf("Connection %s ended by its client: %s", socket.id(), failure.toString());
        } else if (failure instanceof CorruptedWebSocketFrameException) {
            // the client broke the protocol (a frame over the transport cap, ...): Netty ends the connection
            LOG.debugf("Connection %s broke the WebSocket protocol: %s", socket.id(), failure.toString());
        } else if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).startsWith(OVERSIZED_MESSAGE)) {
            // Vert.x dropped a message of several frames over the transport cap; the socket stays open
            withConnection(socket, clientFrames::oversized);
        } else {
            LOG.warnf(failure, "Connection %s failed", socket.id());
        }
    }

    /** A client frame: handled now, or after the welcome while the rooms are loading. */
    private void frame(WebSocketConnection socket, Consumer<Connection> handler) {
        withConnection(socket, connection -> {
            Opening opening = socket.userData().get(OPENING);
            if (opening == null) {
                handler.accept(connection);
            } else if (clientFrames.mayWait(connection, opening.waiting() + 1)) {
                opening.then(() -> handler.accept(connection));
            }
        });
    }

    /** A socket refused at open has no connection. */
    private static void withConnection(WebSocketConnection socket, Consumer<Connection> action) {
        Connection connection = socket.userData().get(CONNECTION);
        if (connection != null) {
            action.accept(connection);
        }
    }

    /**
     * A socket's open phase. Everything here runs on the socket's event loop, the end too (the rooms' answer
     * may complete elsewhere), so a frame arriving after the end cannot overtake the ones that waited.
     */
    private final class Opening {
        private final Context context;
        private final List<Runnable> waiting = new ArrayList<>();

        Opening(Context context) {
            this.context = context;
        }

        /** Runs {@code action} at the end, after those that came before it. */
        void then(Runnable action) {
            waiting.add(action);
        }

        /** Actions waiting for the end (client frames; {@code @OnClose} comes last, after them). */
        int waiting() {
            return waiting.size();
        }

        void end(WebSocketConnection socket) {
            context.runOnContext(ignored -> {
                socket.userData().remove(OPENING);
                for (Runnable action : waiting) {
                    try {
                        action.run();
                    } catch (RuntimeException e) { // reported as websockets-next would, and the next ones still run
                        error(socket, e);
                    }
                }
            });
        }
    }
}
