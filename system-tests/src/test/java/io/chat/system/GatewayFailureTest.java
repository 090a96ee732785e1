package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.ChatClient;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/**
 * Scenarios 3 and 7: a gateway instance killed mid-stream (its clients reconnect elsewhere and recover
 * through the history API; its users turn offline), and a gateway shut down gracefully (close 1012).
 */
class GatewayFailureTest {

    private static final int MESSAGES = 100;
    private static final int KILL_AFTER = 30;
    private static final Duration PACE = Duration.ofMillis(20);
    private static final int SERVICE_RESTART = 1012;

    private final SystemStack system = SystemStack.get();

    @Test
    void clientsOfAKilledInstanceRecoverEveryMessageElsewhere() throws Exception {
        ChatClient.Account alice = system.signUp();
        ChatClient.Account bob = system.signUp();
        ChatClient.Account dave = system.signUp();
        ChatClient aliceChat = system.chat(alice);
        String room = aliceChat.post("/rooms", Map.of("name", "failover")).text("id");
        for (ChatClient.Account member : List.of(bob, dave)) {
            assertEquals(201, aliceChat.post("/rooms/" + room + "/members", Map.of("userId", member.id())).status());
        }
        ServiceProcess doomed = system.startGateway();
        SocketClient bobSocket = system.connect(doomed, bob);
        SocketClient daveSocket = system.connect(doomed, dave);
        ChatClient observer = system.gateway(system.gatewayA, alice);
        Awaitility.await().atMost(Frames.TIMEOUT).until(() -> status(observer, dave.id()).equals("online"));

        CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= MESSAGES; i++) {
                assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "m" + i)).status());
                sleep(PACE);
            }
        });
        List<Integer> bobSeen = new ArrayList<>(Frames.createdSeqs(bobSocket, room, KILL_AFTER, Frames.TIMEOUT));
        doomed.kill();
        long killed = System.nanoTime();
        assertNotNull(bobSocket.closeCode(Frames.TIMEOUT), "the killed instance's socket must end");

        // bob reconnects to a live instance and fills the gap from history, as a client library would
        try (SocketClient again = system.connect(system.gatewayA, bob)) {
            long reconnected = System.nanoTime();
            int last = bobSeen.get(bobSeen.size() - 1);
            for (JsonNode missed : system.chat(bob).get("/rooms/" + room + "/messages?limit=200&after=" + last).body()) {
                bobSeen.add(missed.path("seq").asInt());
            }
            int recovered = bobSeen.get(bobSeen.size() - 1);
            for (int seq : Frames.createdSeqs(again, room, MESSAGES, Duration.ofSeconds(5))) {
                if (seq > recovered) {
                    bobSeen.add(seq);
                }
            }
            posting.get();
            System.out.printf("[gateway-killed] bob back on another instance %.2f s after SIGKILL%n", (reconnected - killed) / 1e9);
        }
        assertEquals(IntStream.rangeClosed(1, MESSAGES).boxed().toList(), bobSeen);

        // dave never came back: presence must not stick at online
        Awaitility.await().atMost(SystemStack.PRESENCE_EXPIRY.multipliedBy(3)).until(() -> status(observer, dave.id()).equals("offline"));
        System.out.printf("[gateway-killed] dave offline %.1f s after SIGKILL (expiry %s)%n", (System.nanoTime() - killed) / 1e9,
                SystemStack.PRESENCE_EXPIRY);
        daveSocket.close();
    }

    @Test
    void aGracefulShutdownAsksClientsToReconnect() throws Exception {
        ChatClient.Account alice = system.signUp();
        ServiceProcess leaving = system.startGateway();
        SocketClient socket = system.connect(leaving, alice);
        leaving.close();
        assertEquals(SERVICE_RESTART, socket.closeCode(Frames.TIMEOUT));
        try (SocketClient again = system.connect(system.gatewayB, alice)) {
            assertEquals(false, again.isClosed());
        }
    }

    private static String status(ChatClient gateway, String userId) {
        return gateway.get("/presence?userId=" + userId).body().path(0).path("status").asText();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
