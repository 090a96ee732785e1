package io.chat.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for chat-service's two internal reads, {@code GET /internal/users/{id}/rooms} and
 * {@code GET /internal/rooms/{id}/members}, as a small HTTP server on loopback. Like chat-service, it
 * answers only the gateway's service token (signed with the gateway's key, its issuer, audience
 * chat-service, role gateway): 401 without a valid token, 403 for any other (a user's). Tests set the
 * memberships and deleted users (410), and can hold a user's next rooms request until they release it.
 */
final class ChatServiceDouble {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long HOLD_SECONDS = 30;
    /** roomId → member userIds. */
    private static final Map<String, Set<String>> MEMBERS = new ConcurrentHashMap<>();
    /** userId → latch that holds that user's next GET /rooms until the test releases it. */
    private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final Set<String> WAITING = ConcurrentHashMap.newKeySet();
    private static final Set<String> DELETED = ConcurrentHashMap.newKeySet();
    /** Every bearer token the gateway sent. */
    private static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();

    private static HttpServer server;
    private static ExecutorService executor;

    private ChatServiceDouble() {
    }

    /** Starts the server (once) and returns its base URL. */
    static synchronized String start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            executor = Executors.newCachedThreadPool(); // a held GET /rooms must not block the others
            server.setExecutor(executor);
            server.createContext("/internal", ChatServiceDouble::serve);
            server.start();
        }
        return "http://localhost:" + server.getAddress().getPort();
    }

    static synchronized void stop() {
        if (server != null) {
            HELD.values().forEach(CountDownLatch::countDown);
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    static void member(String roomId, String userId) {
        MEMBERS.computeIfAbsent(roomId, id -> ConcurrentHashMap.newKeySet()).add(userId);
    }

    /** Holds the user's next GET /rooms (computed after the release) until the latch is counted down. */
    static CountDownLatch hold(String userId) {
        CountDownLatch latch = new CountDownLatch(1);
        HELD.put(userId, latch);
        return latch;
    }

    /** chat-service learned that the user was deleted: their rooms are gone (410). */
    static void deleted(String userId) {
        DELETED.add(userId);
    }

    /** The bearer tokens the gateway called with so far. */
    static Set<String> tokens() {
        return Set.copyOf(TOKENS);
    }

    /** Whether a held GET /rooms of the user has arrived. */
    static boolean waiting(String userId) {
        return WAITING.contains(userId);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String token = authorization.substring("Bearer ".length());
            TOKENS.add(token);
            int refused = ServiceTokenCheck.status(token);
            if (refused != 200) {
                exchange.sendResponseHeaders(refused, -1);
                return;
            }
            // /internal/users/{id}/rooms or /internal/rooms/{id}/members
            String[] path = exchange.getRequestURI().getPath().split("/");
            if (path[2].equals("users") && DELETED.contains(path[3])) {
                exchange.sendResponseHeaders(410, -1);
                return;
            }
            Object body = path[2].equals("rooms") ? members(path[3]) : rooms(path[3]);
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Map<String, String>> rooms(String userId) throws InterruptedException {
        CountDownLatch held = HELD.remove(userId);
        if (held != null) {
            WAITING.add(userId);
            held.await(HOLD_SECONDS, TimeUnit.SECONDS);
        }
        return MEMBERS.entrySet().stream().filter(e -> e.getValue().contains(userId))
                .map(e -> Map.of("id", e.getKey())).toList();
    }

    private static List<Map<String, String>> members(String roomId) {
        return MEMBERS.getOrDefault(roomId, Set.of()).stream().map(u -> Map.of("userId", u, "role", "member")).toList();
    }
}
