package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chat.testkit.ChatClient;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/**
 * Scenarios 3 and 7: a gateway instance killed mid-stream (its clients reconnect elsewhere and recover,
 * through the history API, a {@code resume} frame, or a new long-poll session that resumes; its users turn
 * offline), and a gateway shut down gracefully (close 1012).
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
        ChatClient.Account dave = system.signUp();
        ChatClient aliceChat = system.chat(alice);
        String room = aliceChat.post("/rooms", Map.of("name", "failover")).text("id");
        assertEquals(201, aliceChat.post("/rooms/" + room + "/members", Map.of("userId", dave.id())).status());
        ServiceProcess doomed = system.startGateway();
        // one member per way of recovering, all on the instance that dies
        List<RoomClient> clients = new ArrayList<>();
        for (RoomClient.Kind kind : RoomClient.Kind.values()) {
            clients.add(RoomClient.newMember(system, aliceChat, room, kind, doomed));
        }
        SocketClient daveSocket = system.connect(doomed, dave);
        ChatClient observer = system.gateway(system.gatewayA, alice);
        Awaitility.await().atMost(Frames.TIMEOUT).until(() -> status(observer, dave.id()).equals("online"));

        CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= MESSAGES; i++) {
                post(aliceChat, room, "m" + i);
                sleep(PACE);
            }
        });
        RoomClient.awaitSeq(clients, KILL_AFTER, Frames.TIMEOUT);
        doomed.kill();
        long killed = System.nanoTime();
        for (RoomClient client : clients) {
            assertTrue(client.awaitLost(Frames.TIMEOUT), client.kind + ": the killed instance's connection must end");
        }
        // each reconnects to a live instance while messages keep coming, as a client library would
        for (RoomClient client : clients) {
            client.reconnect(system.gatewayA);
            System.out.printf("[gateway-killed] %s client back on another instance %.2f s after SIGKILL%n", client.kind,
                    (System.nanoTime() - killed) / 1e9);
        }
        posting.get();
        post(aliceChat, room, "marker"); // a repeat of any message would arrive before it
        try {
            RoomClient.awaitSeq(clients, MESSAGES + 1, Frames.TIMEOUT);
            for (RoomClient client : clients) {
                client.assertEverySeqOnceInOrder(MESSAGES + 1);
            }
        } finally {
            clients.forEach(RoomClient::close);
        }

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

    private static void post(ChatClient chat, String room, String text) {
        assertEquals(201, chat.post("/rooms/" + room + "/messages", Map.of("text", text)).status());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
