package io.chat.gateway;

import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** Spring's {@code WebSocketStompClient} (over Tomcat's JSR-356 client) against {@code /stomp}. */
final class StompClients {

    /** Where a client sends its token: CONNECT's Authorization header, or the WebSocket upgrade's. */
    enum TokenIn {
        CONNECT, UPGRADE
    }

    /** A frame a client received: its headers and body. */
    record Received(StompHeaders headers, String body) {
    }

    /** A connected session and everything it received: MESSAGE frames per subscription, ERROR frames, the end. */
    static final class Client {
        final StompSession session;
        final List<Received> messages = new CopyOnWriteArrayList<>();
        final List<Received> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> lost = new CompletableFuture<>();
        private final ThreadPoolTaskScheduler scheduler;

        private Client(StompSession session, Handler handler, ThreadPoolTaskScheduler scheduler) {
            this.session = session;
            this.scheduler = scheduler;
            handler.client = this;
        }

        StompSession.Subscription subscribe(String destination) {
            return session.subscribe(destination, new StompFrameHandler() {
                @Override
                public Type getPayloadType(StompHeaders headers) {
                    return String.class;
                }

                @Override
                public void handleFrame(StompHeaders headers, Object payload) {
                    messages.add(new Received(headers, (String) payload));
                }
            });
        }

        void close() {
            if (session.isConnected()) {
                session.disconnect();
            }
            scheduler.shutdown();
        }
    }

    private static final class Handler extends StompSessionHandlerAdapter {
        volatile Client client;
        final List<Received> early = new CopyOnWriteArrayList<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, Object payload) {
            (client != null ? client.errors : early).add(new Received(headers, (String) payload));
        }

        @Override
        public void handleTransportError(StompSession session, Throwable exception) {
            if (client != null) {
                client.lost.complete(exception);
            }
        }

        @Override
        public void handleException(StompSession session, StompCommand command, StompHeaders headers, byte[] payload,
                Throwable exception) {
            if (client != null) {
                client.lost.complete(exception);
            }
        }
    }

    /**
     * STOMP frames written and read as text over the JDK's WebSocket client, for what Spring's client does
     * not do: frames sent before {@code CONNECTED}.
     */
    static final class Raw implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Raw open() {
            Raw raw = new Raw();
            raw.socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("v12.stomp")
                    .buildAsync(URI.create("ws://localhost:" + TestGateway.port() + "/stomp"), raw).join();
            return raw;
        }

        /** One frame: command, headers ({@code name:value}), an empty body. */
        void send(String command, String... headers) {
            socket.sendText(command + "\n" + String.join("\n", headers) + "\n\n\0", true).join();
        }

        /** Text as it is, in one WebSocket message: frames that are no STOMP frames, or parts of one. */
        void sendText(String text) {
            socket.sendText(text, true).join();
        }

        /** The commands of the frames received so far, in order (heart-beats left out). */
        List<String> commands() {
            return frames.stream().map(frame -> frame.substring(0, frame.indexOf('\n'))).toList();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (!partial.toString().isBlank()) {
                    frames.add(partial.toString());
                }
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }

        void close() {
            socket.abort();
        }
    }

    private StompClients() {
    }

    /**
     * Connects with the token in CONNECT's Authorization header.
     *
     * @param heartBeat what the client offers, {send, receive} in ms ({0, 0}: none)
     */
    static Client connect(String token, long[] heartBeat) throws Exception {
        return connect(token, heartBeat, TokenIn.CONNECT);
    }

    static Client connect(String token, long[] heartBeat, TokenIn tokenIn) throws Exception {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        Handler handler = new Handler();
        StompSession session = connectAsync(token, tokenIn, heartBeat, handler, scheduler).get(20, TimeUnit.SECONDS);
        return new Client(session, handler, scheduler);
    }

    /**
     * Connects with a token the gateway must refuse: the frame it answered CONNECT with (an ERROR, before
     * any CONNECTED); fails if the session was established.
     */
    static Received refusal(String token) throws Exception {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        Handler handler = new Handler();
        try {
            connectAsync(token, TokenIn.CONNECT, new long[] { 0, 0 }, handler, scheduler).get(20, TimeUnit.SECONDS);
            throw new AssertionError("CONNECT with a bad token was answered CONNECTED");
        } catch (ExecutionException refused) {
            // the session ends after the ERROR frame, before CONNECTED
        } finally {
            scheduler.shutdown();
        }
        if (handler.early.isEmpty()) {
            throw new AssertionError("The session ended without an ERROR frame");
        }
        return handler.early.get(0);
    }

    private static CompletableFuture<StompSession> connectAsync(String token, TokenIn tokenIn, long[] heartBeat,
            Handler handler, ThreadPoolTaskScheduler scheduler) {
        WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
        stomp.setMessageConverter(new StringMessageConverter() {
            @Override
            protected boolean supportsMimeType(MessageHeaders headers) {
                return true; // the bodies are application/json; the tests read them as text
            }
        });
        stomp.setTaskScheduler(scheduler);
        stomp.setDefaultHeartbeat(heartBeat);
        StompHeaders connect = new StompHeaders();
        WebSocketHttpHeaders upgrade = new WebSocketHttpHeaders();
        (tokenIn == TokenIn.CONNECT ? connect : upgrade).add("Authorization", "Bearer " + token);
        return stomp.connectAsync(URI.create("ws://localhost:" + TestGateway.port() + "/stomp"), upgrade, connect, handler);
    }
}
