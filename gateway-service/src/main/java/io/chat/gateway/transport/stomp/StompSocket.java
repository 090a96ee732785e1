package io.chat.gateway.transport.stomp;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.ClientFrames;
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.fanout.RoomIndex;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.stomp.StompServerOptions;

/**
 * {@code /stomp}: STOMP 1.2 (1.1, 1.0) over WebSocket, one more transport of the connection model. The
 * upgrade needs no token (STOMP clients may send it in {@code CONNECT}); origin and shutdown checks are
 * {@code transport.ws.UpgradeGuard}'s, as for every endpoint. The session orders the frames itself (see
 * {@link StompSession}): websockets-next's serial mode would keep a queue per socket for its whole life
 * only to hold the frames behind a {@code CONNECT}.
 */
@WebSocket(path = "/stomp", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class StompSocket {

    private static final UserData.TypedKey<StompSession> SESSION = new UserData.TypedKey<>("stomp-session");

    @Inject
    ConnectionService connections;
    @Inject
    ClientFrames clientFrames;
    @Inject
    RoomIndex index;
    @Inject
    JWTParser tokens;
    @Inject
    Vertx vertx;
    @Inject
    GatewayConfig config;
    private StompServerOptions parserOptions;

    @PostConstruct
    void parserOptions() {
        parserOptions = new StompServerOptions().setMaxBodyLength(config.limits().maxFrameBytes());
    }

    /** On the event loop like the frames' callbacks, before any of them (a blocking one would run after them). */
    @OnOpen
    @NonBlocking
    public void open(WebSocketConnection socket) {
        socket.userData().put(SESSION, new StompSession(socket, connections, clientFrames, index, tokens, vertx, config,
                parserOptions));
    }

    @OnTextMessage
    @NonBlocking
    public void text(WebSocketConnection socket, String text) {
        socket.userData().get(SESSION).receive(Buffer.buffer(text));
    }

    @OnBinaryMessage
    @NonBlocking
    public void binary(WebSocketConnection socket, Buffer data) {
        socket.userData().get(SESSION).receive(data);
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection socket, Buffer data) {
        socket.userData().get(SESSION).alive();
    }

    @OnClose
    @NonBlocking
    public void close(WebSocketConnection socket) {
        socket.userData().get(SESSION).closed();
    }
}
