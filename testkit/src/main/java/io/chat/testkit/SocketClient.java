package io.chat.testkit;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.ws.FrameTypes;

/**
 * A WebSocket client of the gateway (the JDK's): records every frame and the close code. Frames can be
 * looked up ({@link #expect}, {@link #ofType}: every frame received so far) or consumed in order
 * ({@link #next}). {@link #pauseReading()} stops requesting frames, which is how a slow reader looks to
 * the server.
 */
public final class SocketClient implements WebSocket.Listener, AutoCloseable {

    /** What the JDK client reports for a connection that broke without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** How long {@link #expect} and {@link #sync} wait. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = ChatClient.newHttpClient();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();
    private final Consumer<JsonNode> onFrame;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private WebSocket socket;

    private SocketClient(Consumer<JsonNode> onFrame) {
        this.onFrame = onFrame;
    }

    /** A builder on the shared client, for upgrades with other headers or subprotocols. */
    public static WebSocket.Builder builder() {
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    }

    /** The {@code /ws} endpoint of a gateway given by its base URL ({@code http://host:port}). */
    public static URI wsUri(String gatewayUrl) {
        return URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/ws");
    }

    /** Connects with the token in the Authorization header and waits for {@code welcome}. */
    public static SocketClient open(URI uri, String token) {
        return open(uri, token, frame -> {
        });
    }

    /** Like {@link #open(URI, String)}, also handing each frame to {@code onFrame} as it arrives. */
    public static SocketClient open(URI uri, String token, Consumer<JsonNode> onFrame) {
        SocketClient client = connect(builder().header("Authorization", "Bearer " + token), uri, onFrame);
        client.expect(FrameTypes.WELCOME);
        return client;
    }

    /** Connects without waiting for any frame; fails (CompletionException) if the upgrade is refused. */
    public static SocketClient connect(WebSocket.Builder builder, URI uri) {
        return connect(builder, uri, frame -> {
        });
    }

    private static SocketClient connect(WebSocket.Builder builder, URI uri, Consumer<JsonNode> onFrame) {
        SocketClient client = new SocketClient(onFrame);
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    public JsonNode welcome() {
        return expect(FrameTypes.WELCOME);
    }

    public String connectionId() {
        return welcome().path("data").path("connectionId").asText();
    }

    /** Sends a frame: a String as it is, anything else as JSON. */
    public void send(Object frame) {
        socket.sendText(ChatClient.json(frame), true).join();
    }

    /** One text message sent as several frames, one per part. */
    public void sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            socket.sendText(parts[i], i == parts.length - 1).join();
        }
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** A WebSocket ping control frame (the server's transport answers it with a pong). */
    public void sendPing() {
        socket.sendPing(ByteBuffer.allocate(0)).join();
    }

    /** Every frame received so far. */
    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The first frame of this type received so far, waiting up to {@link #TIMEOUT} for it. */
    public JsonNode expect(String type) {
        return expect(f -> type.equals(f.path("type").asText()));
    }

    public JsonNode expect(Predicate<JsonNode> match) {
        return await().atMost(TIMEOUT).until(() -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    /** The next frame not consumed yet, or null if none arrives in time. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        return unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next unconsumed frame of the given type, consuming the others before it; null if none in time. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = unread.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame != null && type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
        return null;
    }

    /**
     * A round trip through the connection: everything the gateway queued for it before now has arrived
     * when this returns, so a test can assert that something was not sent.
     */
    public void sync() {
        int before = ofType(FrameTypes.PONG).size();
        send("{\"type\":\"" + FrameTypes.PING + "\"}");
        await().atMost(TIMEOUT).until(() -> ofType(FrameTypes.PONG).size() > before);
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

    /** The close code the server sent (1006 when the connection just broke), waiting up to {@link #TIMEOUT}. */
    public int awaitClose() {
        return closed.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** The close code, or null if the connection is still open after the timeout. */
    public Integer closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
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
            unread.add(frame);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
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

    @Override
    public void close() {
        if (!socket.isOutputClosed() && !closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
