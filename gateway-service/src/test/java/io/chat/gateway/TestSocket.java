package io.chat.gateway;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A JDK WebSocket client that records every frame and the close code. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {

    static final URI URL = URI.create("ws://localhost:28180/ws");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** Connects with a bearer header and waits for {@code welcome}. */
    static TestSocket open(String token) {
        return open(URL, token);
    }

    static TestSocket open(URI url, String token) {
        TestSocket client = connect(builder().header("Authorization", "Bearer " + token), url);
        client.expect("welcome");
        return client;
    }

    static WebSocket.Builder builder() {
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    }

    static TestSocket connect(WebSocket.Builder builder, URI uri) {
        TestSocket client = new TestSocket();
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    JsonNode welcome() {
        return expect("welcome");
    }

    String connectionId() {
        return welcome().path("data").path("connectionId").asText();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The first frame of this type, waiting for it. */
    JsonNode expect(String type) {
        return expect(f -> type.equals(f.path("type").asText()));
    }

    JsonNode expect(Predicate<JsonNode> match) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> frames.stream().filter(match).findFirst().orElse(null), f -> f != null);
    }

    List<JsonNode> ofType(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /**
     * A round trip through the connection: everything the gateway queued for it before now has arrived
     * when this returns, so a test can assert that something was not sent.
     */
    void sync() {
        int before = ofType("pong").size();
        send("{\"type\":\"ping\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> ofType("pong").size() > before);
    }

    int awaitClose() {
        return closeCode.orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(MAPPER.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
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

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.abort();
        }
    }
}
