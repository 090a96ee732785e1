package io.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.ws.FrameTypes;

/**
 * A long-poll client of the gateway's {@code /poll}: opens a session, polls acknowledging everything it
 * received, and records every event once, in order. A poll answered 404 marks the session ended.
 */
public final class PollClient implements AutoCloseable {

    /** How long {@link #expect} polls for an event. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXPECT_WAIT = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = ChatClient.newHttpClient();

    private final String base;
    private final String token;
    private final String sessionId;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private long next;
    private volatile boolean ended;

    private PollClient(String base, String token, JsonNode opened) {
        this.base = base;
        this.token = token;
        this.sessionId = opened.path("sessionId").asText();
        this.next = opened.path("next").asLong();
        opened.path("events").forEach(events::add);
    }

    /** {@code POST /poll} on the gateway at {@code gatewayUrl} ({@code http://host:port}); fails unless 201. */
    public static PollClient open(String gatewayUrl, String token) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/poll"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /poll answered " + response.statusCode() + ": " + response.body());
        }
        return new PollClient(gatewayUrl, token, read(response.body()));
    }

    public String sessionId() {
        return sessionId;
    }

    /** The value the next poll acknowledges: the number of the last event received. */
    public long next() {
        return next;
    }

    /** One poll acknowledging everything received so far; the new events (none once the session ended). */
    public List<JsonNode> poll(Duration wait) {
        if (ended) {
            return List.of();
        }
        HttpResponse<String> response = send(request("?ack=" + next + "&wait=" + wait.toSeconds()).GET());
        if (response.statusCode() == 404) {
            ended = true;
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Poll answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode answer = read(response.body());
        List<JsonNode> received = new ArrayList<>();
        answer.path("events").forEach(received::add);
        events.addAll(received);
        next = answer.path("next").asLong();
        return received;
    }

    /** Every event received so far, in order. */
    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    public List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The first event of this type, polling for up to {@link #TIMEOUT}. */
    public JsonNode expect(String type) {
        return expect(e -> type.equals(e.path("type").asText()));
    }

    public JsonNode expect(Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode found = events.stream().filter(match).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("No matching event" + (ended ? " before the session ended" : "") + "; got " + events);
            }
            poll(EXPECT_WAIT);
        }
    }

    /** Whether a poll found the session ended (404). */
    public boolean ended() {
        return ended;
    }

    /** {@code POST /poll/{id}/frames}: a String as it is, anything else as JSON; the HTTP status. */
    public int send(Object frame) {
        return send(request("/frames").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ChatClient.json(frame)))).statusCode();
    }

    /** A {@code ping} frame and its {@code pong}: everything queued for the session before it has arrived. */
    public void sync() {
        int before = ofType(FrameTypes.PONG).size();
        send("{\"type\":\"" + FrameTypes.PING + "\"}");
        expect(e -> ofType(FrameTypes.PONG).size() > before);
    }

    /** {@code DELETE /poll/{id}}, unless the session ended already. */
    @Override
    public void close() {
        if (!ended) {
            send(request("").DELETE());
            ended = true;
        }
    }

    private HttpRequest.Builder request(String suffix) {
        return HttpRequest.newBuilder(URI.create(base + "/poll/" + sessionId + suffix))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
