package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens.TestUser;
import io.restassured.RestAssured;

/**
 * Two packaged gateway instances on one Kafka broker behave as one: cross-instance delivery and typing,
 * admin commands for a connection on the other instance, cluster-wide presence that expires with a
 * killed instance, and 1012 on graceful shutdown. chat-service is {@link ChatServiceDouble} here.
 */
class GatewayClusterIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startCluster() {
        Path app = Path.of("target/quarkus-app");
        assumeTrue(Files.exists(app.resolve("quarkus-run.jar")), "runs the JVM build (a native build has no quarkus-app)");
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", infra.keys().publicKey().toString());
        env.put("GATEWAY_SIGNING_KEY_LOCATION", infra.gatewayKeys().privateKey().toString());
        env.put("CHAT_SERVICE_URL", ChatServiceDouble.start());
        env.put("CHAT_GATEWAY_PRESENCE_HEARTBEAT_INTERVAL", "1s");
        env.put("CHAT_GATEWAY_PRESENCE_EXPIRY", "3s");
        Path logs = Path.of("target/it-logs");
        a = ServiceProcess.start("gateway-a", app, Ports.free(), env, logs);
        b = ServiceProcess.start("gateway-b", app, Ports.free(), env, logs);
        RestAssured.port = a.port(); // TestEvents checks readiness through it; both instances are ready
    }

    @AfterAll
    static void stopCluster() {
        for (ServiceProcess process : new ServiceProcess[] { a, b }) {
            if (process != null) {
                process.close();
            }
        }
        ChatServiceDouble.stop();
    }

    @Test
    void twoInstancesBehaveAsOne() throws Exception {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser carol = TestGateway.user();
        TestUser admin = TestGateway.admin();
        String room = UUID.randomUUID().toString();
        for (TestUser user : List.of(alice, bob, carol)) {
            ChatServiceDouble.member(room, user.id());
        }
        try (SocketClient onA = SocketClient.open(ws(a), alice.token());
                SocketClient onB = SocketClient.open(ws(b), bob.token());
                SocketClient carolOnB = SocketClient.open(ws(b), carol.token())) {
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
        return SocketClient.wsUri(instance.url());
    }

    private static List<String> status(ServiceProcess instance, TestUser caller, TestUser... users) throws Exception {
        StringBuilder query = new StringBuilder("/presence?");
        for (TestUser user : users) {
            query.append("userId=").append(user.id()).append('&');
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + query))
                .header("Authorization", "Bearer " + caller.token()).build(), HttpResponse.BodyHandlers.ofString());
        List<String> statuses = new ArrayList<>();
        MAPPER.readTree(response.body()).forEach(p -> statuses.add(p.path("status").asText()));
        return statuses;
    }

    private static int request(ServiceProcess instance, TestUser caller, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(instance.url() + path))
                .header("Authorization", "Bearer " + caller.token())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
