package io.chat.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A client of the public REST surface, as an application would use it: JSON over HTTP, nothing else.
 * Answers keep their status so that callers assert on it.
 */
public final class ChatClient {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An HTTP answer: status, content type and the JSON body (missing node when empty or not JSON). */
    public record Answer(int status, String contentType, JsonNode body) {

        public String text(String field) {
            return body.path(field).asText();
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    public ChatClient(HttpClient http, String baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public ChatClient at(String otherBaseUrl) {
        return new ChatClient(http, otherBaseUrl, token);
    }

    public String token() {
        return token;
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, json(body));
    }

    public Answer put(String path, Object body) {
        return send("PUT", path, json(body));
    }

    public Answer patch(String path, Object body) {
        return send("PATCH", path, json(body));
    }

    /** Sends a raw body with the given content type, for bad-input checks. */
    public Answer sendRaw(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
        request.header("Content-Type", contentType);
        return execute(request);
    }

    /** Sends a raw body without a Content-Length (chunked), as a client streaming a body of unknown size does. */
    public Answer sendChunked(String method, String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(path).method(method,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        request.header("Content-Type", contentType);
        return execute(request);
    }

    private Answer send(String method, String path, String body) {
        HttpRequest.Builder request = request(path);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }
        return execute(request);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer execute(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static String json(Object body) {
        if (body instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Registers a user and signs in: a client for user-service's base URL carrying the new token. */
    public static Account signUp(HttpClient http, String usersUrl, String username, String password) {
        ChatClient anonymous = new ChatClient(http, usersUrl, null);
        Answer registered = anonymous.post("/users", Map.of("username", username, "displayName", username, "password", password));
        if (registered.status() != 201) {
            throw new IllegalStateException("Registration failed: " + registered);
        }
        Answer token = anonymous.post("/auth/token", Map.of("username", username, "password", password));
        if (token.status() != 200) {
            throw new IllegalStateException("Sign-in failed: " + token);
        }
        return new Account(registered.text("id"), username, token.text("accessToken"));
    }

    /** A signed-in user. */
    public record Account(String id, String username, String token) {
    }
}
