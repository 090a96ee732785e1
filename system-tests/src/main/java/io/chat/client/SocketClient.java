package io.chat.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A WebSocket client of the gateway (JDK client): collects every frame, remembers the close code.
 * {@link #pauseReading()} stops requesting frames, which is how a slow reader looks to the server.
 */
public final class SocketClient implements WebSocket.Listener, AutoCloseable {

    /** What the JDK client reports for a connection that broke without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final Consumer<JsonNode> onFrame;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private WebSocket socket;

    private SocketClient(Consumer<JsonNode> onFrame) {
        this.onFrame = onFrame;
    }

    /** Connects with the token in the Authorization header; fails if the upgrade is refused. */
    public static SocketClient connect(HttpClient http, String gatewayUrl, String token) {
        return connect(http, gatewayUrl, token, frame -> {
        });
    }

    /** Like {@link #connect(HttpClient, String, String)}, also handing each frame to {@code onFrame} as it arrives. */
    public static SocketClient connect(HttpClient http, String gatewayUrl, String token, Consumer<JsonNode> onFrame) {
        SocketClient client = new SocketClient(onFrame);
        URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws");
        client.socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client)
                .join();
        return client;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonNode frame = ChatClient.parse(partial.toString());
            partial.setLength(0);
            onFrame.accept(frame);
            frames.add(frame);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(ABNORMAL_CLOSURE);
    }

    public void send(Object frame) {
        socket.sendText(ChatClient.json(frame), true).join();
    }

    /** The next frame, or null if none arrives in time. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame of the given type, skipping others; null if none arrives in time. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
        return null;
    }

    public void pauseReading() {
        reading = false;
    }

    /** Reads again, for instance to see the close frame that the server sent while this client was not reading. */
    public void resumeReading() {
        reading = true;
        socket.request(1);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The close code the server sent (1006 when the connection just broke); waits up to the timeout. */
    public Integer closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    /** Unused binary frames are answered like a normal listener would. */
    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }
}
