package io.chat.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.chat.contracts.events.ChatEvents;

/**
 * Stands in for chat-service's internal reads, {@code GET /internal/users/{id}/rooms},
 * {@code GET /internal/users/{id}/contacts}, {@code GET /internal/rooms/{id}/members} and
 * {@code GET /internal/rooms/{id}/messages?after&limit}, as a small HTTP server on loopback. Like chat-service, it
 * answers only the gateway's service token (signed with the gateway's key, its issuer, audience
 * chat-service, role gateway): 401 without a valid token, 403 for any other (a user's). Tests set the
 * memberships, deleted users (410) and the posted messages, can hold a user's next rooms request or a
 * room's next history read until they release it, and can fail a room's next history read (503).
 */
final class ChatServiceDouble {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final long HOLD_SECONDS = 30;
    /** roomId → member userIds. */
    private static final Map<String, Set<String>> MEMBERS = new ConcurrentHashMap<>();
    /** userId → latch that holds that user's next GET /rooms until the test releases it. */
    private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final Set<String> WAITING = ConcurrentHashMap.newKeySet();
    private static final Set<String> DELETED = ConcurrentHashMap.newKeySet();
    /** roomId → seq → message, what GET /internal/rooms/{id}/messages reads. */
    private static final Map<String, ConcurrentSkipListMap<Long, ChatEvents.MessageData>> HISTORY = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> HELD_HISTORY = new ConcurrentHashMap<>();
    /** Rooms whose next history read answers 503. */
    private static final Set<String> FAILED_HISTORY = ConcurrentHashMap.newKeySet();
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

    /**
     * Holds the user's next GET /rooms (computed after the release) until the latch is counted down;
     * {@link #waiting} tells when that request has arrived.
     */
    static CountDownLatch hold(String userId) {
        CountDownLatch latch = new CountDownLatch(1);
        WAITING.remove(userId);
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

    /** Whether the user's GET /rooms held by the last {@link #hold} has arrived. */
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
            // /internal/users/{id}/rooms, /internal/users/{id}/contacts?userId=... or /internal/rooms/{id}/members
            String[] path = exchange.getRequestURI().getPath().split("/");
            if (path[2].equals("users") && DELETED.contains(path[3])) {
                exchange.sendResponseHeaders(410, -1);
                return;
            }
            if (path.length > 4 && path[4].equals("messages") && FAILED_HISTORY.remove(path[3])) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Object body = path.length > 4 && path[4].equals("messages") ? messages(path[3], exchange.getRequestURI().getQuery())
                    : path[2].equals("rooms") ? members(path[3])
                    : path[4].equals("contacts") ? contacts(path[3], exchange.getRequestURI().getQuery()) : rooms(path[3]);
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

    private static List<String> contacts(String userId, String query) {
        List<String> asked = java.util.Arrays.stream(query.split("&")).map(p -> p.substring(p.indexOf('=') + 1)).toList();
        return asked.stream().filter(other -> MEMBERS.values().stream()
                .anyMatch(members -> members.contains(userId) && members.contains(other))).toList();
    }

    /** chat-service committed the message: its history holds it (publish its event next, as the outbox does). */
    static void posted(ChatEvents.MessageData message) {
        HISTORY.computeIfAbsent(message.roomId().toString(), id -> new ConcurrentSkipListMap<>()).put(message.seq(), message);
    }

    /** Holds the room's next history read (answered as of the release) until the latch is counted down. */
    static CountDownLatch holdHistory(String roomId) {
        CountDownLatch latch = new CountDownLatch(1);
        HELD_HISTORY.put(roomId, latch);
        return latch;
    }

    /** The room's next history read fails (503), as when chat-service is down. */
    static void failHistory(String roomId) {
        FAILED_HISTORY.add(roomId);
    }

    /** Whether a held history read of the room has arrived. */
    static boolean historyWaiting(String roomId) {
        return WAITING.contains("history:" + roomId);
    }

    private static List<ChatEvents.MessageData> messages(String roomId, String query) throws InterruptedException {
        CountDownLatch held = HELD_HISTORY.remove(roomId);
        if (held != null) {
            WAITING.add("history:" + roomId);
            held.await(HOLD_SECONDS, TimeUnit.SECONDS);
        }
        Map<String, Long> params = new HashMap<>();
        for (String param : query.split("&")) {
            String[] pair = param.split("=");
            params.put(pair[0], Long.parseLong(pair[1]));
        }
        return HISTORY.getOrDefault(roomId, new ConcurrentSkipListMap<>()).tailMap(params.get("after"), false).values()
                .stream().limit(params.get("limit")).toList();
    }

    private static List<Map<String, String>> members(String roomId) {
        return MEMBERS.getOrDefault(roomId, Set.of()).stream().map(u -> Map.of("userId", u, "role", "member")).toList();
    }
}
