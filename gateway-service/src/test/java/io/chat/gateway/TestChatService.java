package io.chat.gateway;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.Authenticated;

/**
 * Stands in for chat-service's two reads, served by the gateway test application itself
 * ({@code chat.gateway.chat-service-url} points here in the test profile). Tests set the memberships.
 */
@Path("/test-chat-service/rooms")
@Authenticated
public class TestChatService {

    /** roomId → member userIds. */
    private static final Map<String, Set<String>> MEMBERS = new ConcurrentHashMap<>();
    /** userId → latch that holds that user's next GET /rooms until the test releases it. */
    private static final Map<String, CountDownLatch> HELD = new ConcurrentHashMap<>();
    private static final Set<String> WAITING = ConcurrentHashMap.newKeySet();

    private final JsonWebToken jwt;

    public TestChatService(JsonWebToken jwt) {
        this.jwt = jwt;
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

    /** Whether a held GET /rooms of the user has arrived. */
    static boolean waiting(String userId) {
        return WAITING.contains(userId);
    }

    @GET
    public List<Map<String, Object>> rooms() throws InterruptedException {
        CountDownLatch held = HELD.remove(jwt.getSubject());
        if (held != null) {
            WAITING.add(jwt.getSubject());
            held.await(30, TimeUnit.SECONDS);
        }
        return MEMBERS.entrySet().stream().filter(e -> e.getValue().contains(jwt.getSubject()))
                .map(e -> Map.<String, Object>of("id", e.getKey(), "name", "room", "unreadCount", 0)).toList();
    }

    @GET
    @Path("/{roomId}/members")
    public List<Map<String, Object>> members(@PathParam("roomId") String roomId) {
        return MEMBERS.getOrDefault(roomId, Set.of()).stream()
                .map(u -> Map.<String, Object>of("userId", u, "role", "member", "joinedAt", "2026-01-01T00:00:00Z"))
                .toList();
    }
}
