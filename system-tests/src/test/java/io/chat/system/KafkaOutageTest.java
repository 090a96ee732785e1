package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.ChatClient;
import io.chat.testkit.EmbeddedKafka;

/**
 * Scenario 2: the broker stops while clients are connected; 200 messages are posted (all 201); the
 * broker comes back and every member receives all of them exactly once, in seq order: connected over
 * WebSocket all along, reconnected with {@code resume} during the outage, or long-polling.
 */
class KafkaOutageTest {

    private static final int MESSAGES = 200;
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private final SystemStack system = SystemStack.get();

    @Test
    void nothingAnswered201IsLostWhileKafkaIsDown() throws Exception {
        ChatClient.Account alice = system.signUp();
        ChatClient aliceChat = system.chat(alice);
        String room = aliceChat.post("/rooms", Map.of("name", "outage")).text("id");
        // two sockets stay connected through the outage, on two instances; one client reconnects with
        // resume while the broker is down (its replay comes from the history, and the same messages
        // arriving live later must not repeat it); one long-polls through it
        RoomClient resuming = RoomClient.newMember(system, aliceChat, room, RoomClient.Kind.RESUME, system.gatewayA);
        List<RoomClient> clients = List.of(RoomClient.open(RoomClient.Kind.HISTORY, system, system.gatewayA, alice, room),
                RoomClient.newMember(system, aliceChat, room, RoomClient.Kind.HISTORY, system.gatewayB), resuming,
                RoomClient.newMember(system, aliceChat, room, RoomClient.Kind.POLL, system.gatewayB));
        EmbeddedKafka kafka = system.stack.kafka();
        try {
            kafka.stop();
            try {
                for (int i = 1; i <= MESSAGES; i++) {
                    post(aliceChat, room, "during outage " + i);
                    if (i == MESSAGES / 2) {
                        resuming.reconnect(system.gatewayB);
                    }
                }
            } finally {
                kafka.start();
            }
            long restarted = System.nanoTime();
            RoomClient.awaitSeq(clients, MESSAGES, RECOVERY);
            System.out.printf("[kafka-outage] %d messages delivered to %d clients on 2 instances %.1f s after the broker restarted%n",
                    MESSAGES, clients.size(), (System.nanoTime() - restarted) / 1e9);
            post(aliceChat, room, "marker"); // a repeat of any message would arrive before it
            RoomClient.awaitSeq(clients, MESSAGES + 1, Frames.TIMEOUT);
            for (RoomClient client : clients) {
                client.assertEverySeqOnceInOrder(MESSAGES + 1);
            }
        } finally {
            clients.forEach(RoomClient::close);
        }
        List<Integer> history = new ArrayList<>();
        for (JsonNode message : aliceChat.get("/rooms/" + room + "/messages?limit=200").body()) {
            history.add(message.path("seq").asInt());
        }
        assertEquals(IntStream.rangeClosed(2, MESSAGES + 1).boxed().toList(), history, "the latest 200 of seqs 1..201");
    }

    private static void post(ChatClient chat, String room, String text) {
        assertEquals(201, chat.post("/rooms/" + room + "/messages", Map.of("text", text)).status());
    }
}
