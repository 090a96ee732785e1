package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.chat.testkit.ServiceProcess;
import io.chat.testkit.TestInfrastructure;
import io.restassured.RestAssured;

/**
 * Two packaged gateway instances on one Kafka broker behave as one: cross-instance delivery and typing,
 * admin commands for a connection on the other instance, cluster-wide presence that expires with a
 * killed instance, and 1012 on graceful shutdown. chat-service is a stub HTTP server here.
 */
class GatewayClusterIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** roomId → member userIds, served as chat-service's GET /rooms and GET /rooms/{id}/members. */
    private static final Map<String, Set<String>> MEMBERS = new ConcurrentHashMap<>();

    private static HttpServer chatService;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() throws IOException {
        Path app = Path.of("target/quarkus-app");
        assumeTrue(Files.exists(app.resolve("quarkus-run.jar")), "runs the JVM build (a native build has no quarkus-app)");
        TestInfrastructure infra = TestInfrastructure.get();
        System.setProperty("smallrye.jwt.sign.key.location", infra.keys().privateKey().toString());
        chatService = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        chatService.createContext("/rooms", GatewayClusterIT::serveChatService);
        chatService.start();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", infra.keys().publicKey().toString());
        env.put("CHAT_SERVICE_URL", "http://localhost:" + chatService.getAddress().getPort());
        env.put("CHAT_GATEWAY_PRESENCE_HEARTBEAT_INTERVAL", "1s");
        env.put("CHAT_GATEWAY_PRESENCE_EXPIRY", "3s");
        Path logs = Path.of("target/it-logs");
        a = ServiceProcess.start("gateway-a", app, freePort(), env, logs);
        b = ServiceProcess.start("gateway-b", app, freePort(), env, logs);
        RestAssured.port = a.port(); // TestEvents checks readiness through it; both instances are ready
    }

    @AfterAll
    static void stopCluster() {
        for (ServiceProcess process : new ServiceProcess[] { a, b }) {
            if (process != null) {
                process.close();
            }
        }
        if (chatService != null) {
            chatService.stop(0);
        }
    }

    @Test
    void twoInstancesBehaveAsOne() throws Exception {
        TestTokens.User alice = TestTokens.user();
        TestTokens.User bob = TestTokens.user();
        TestTokens.User carol = TestTokens.user();
        TestTokens.User admin = TestTokens.admin();
        String room = UUID.randomUUID().toString();
        for (TestTokens.User user : List.of(alice, bob, carol)) {
            MEMBERS.computeIfAbsent(room, id -> ConcurrentHashMap.newKeySet()).add(user.id());
        }
        try (TestSocket onA = TestSocket.open(ws(a), alice.token());
                TestSocket onB = TestSocket.open(ws(b), bob.token());
                TestSocket carolOnB = TestSocket.open(ws(b), carol.token())) {
            // presence is cluster-wide: each instance sees the other's connections
            for (ServiceProcess instance : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> status(instance, admin, alice, bob, carol)
                        .equals(List.of("online", "online", "online")));
            }

            TestEvents.message(room, 1, "to both instances");
            assertEquals("to both instances", onA.expect("message.created").path("data").path("text").asText());
            assertEquals("to both instances", onB.expect("message.created").path("data").path("text").asText());

            onA.send("{\"type\":\"typing\",\"roomId\":\"" + room + "\"}");
            assertEquals(alice.id(), onB.expect("typing").path("data").path("userId").asText());

            String bobsConnection = onB.connectionId();
            assertEquals(200, request(a, admin, "GET", "/connections/" + bobsConnection));
            assertEquals(204, request(a, admin, "DELETE", "/connections/" + bobsConnection));
            assertEquals(1008, onB.awaitClose());

            b.kill();
            await().atMost(Duration.ofSeconds(20)).until(() -> status(a, admin, alice, carol)
                    .equals(List.of("online", "offline")));

            a.close();
            assertEquals(1012, onA.awaitClose());
        }
    }

    private static URI ws(ServiceProcess instance) {
        return URI.create("ws://localhost:" + instance.port() + "/ws");
    }

    private static List<String> status(ServiceProcess instance, TestTokens.User caller, TestTokens.User... users)
            throws Exception {
        StringBuilder query = new StringBuilder("/presence?");
        for (TestTokens.User user : users) {
            query.append("userId=").append(user.id()).append('&');
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + query))
                .header("Authorization", "Bearer " + caller.token()).build(), HttpResponse.BodyHandlers.ofString());
        List<String> statuses = new java.util.ArrayList<>();
        MAPPER.readTree(response.body()).forEach(p -> statuses.add(p.path("status").asText()));
        return statuses;
    }

    private static int request(ServiceProcess instance, TestTokens.User caller, String method, String path)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + path))
                .header("Authorization", "Bearer " + caller.token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** chat-service stand-in: the caller is the token's subject (the gateways verified the token already). */
    private static void serveChatService(HttpExchange exchange) throws IOException {
        String token = exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer ".length());
        JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        String userId = claims.path("sub").asText();
        String[] path = exchange.getRequestURI().getPath().split("/");
        Object body = path.length > 3
                ? MEMBERS.getOrDefault(path[2], Set.of()).stream().map(u -> Map.of("userId", u)).toList()
                : MEMBERS.entrySet().stream().filter(e -> e.getValue().contains(userId))
                        .map(e -> Map.of("id", e.getKey())).toList();
        byte[] bytes = MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
