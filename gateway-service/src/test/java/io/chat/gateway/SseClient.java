package io.chat.gateway;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A {@code GET /events} stream read line by line in the background, for as long as the server keeps it open. */
final class SseClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread reader;

    private SseClient(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + TestGateway.port()
                + "/events?access_token=" + token)).header("Accept", "text/event-stream").build();
        response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(() -> {
            try {
                response.join().body().forEach(lines::add);
                ended.complete(null);
            } catch (RuntimeException e) {
                ended.completeExceptionally(e); // cancelled by close()
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the stream and waits for its {@code welcome}. */
    static SseClient open(String token) {
        SseClient client = new SseClient(token);
        await().atMost(TIMEOUT).until(() -> client.lines.contains("event:welcome"));
        return client;
    }

    /** The stream's answer, for a stream that may be refused. */
    static HttpResponse<String> refusal(String token) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + TestGateway.port()
                + "/events?access_token=" + token)).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString()).join();
    }

    List<String> lines() {
        return lines;
    }

    /** Waits until the server ends the stream. */
    void awaitEnd() {
        await().atMost(TIMEOUT).until(ended::isDone);
    }

    @Override
    public void close() {
        response.cancel(true);
        reader.interrupt();
    }
}
