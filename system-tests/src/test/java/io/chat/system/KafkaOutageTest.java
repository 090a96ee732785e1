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
import io.chat.testkit.SocketClient;

/**
 * Scenario 2: the broker stops while clients are connected; 200 messages are posted (all 201); the
 * broker comes back and every connected member receives all of them exactly once, in seq order.
 */
class KafkaOutageTest {

    private static final int MESSAGES = 200;
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private final SystemStack system = SystemStack.get();

    @Test
    void nothingAnswered201IsLostWhileKafkaIsDown() throws Exception {
        ChatClient.Account alice = system.signUp();
        ChatClient.Account bob = system.signUp();
        ChatClient aliceChat = system.chat(alice);
        String room = aliceChat.post("/rooms", Map.of("name", "outage")).text("id");
        assertEquals(201, aliceChat.post("/rooms/" + room + "/members", Map.of("userId", bob.id())).status());
        EmbeddedKafka kafka = system.stack.kafka();
        try (SocketClient aliceSocket = system.connect(system.gatewayA, alice);
                SocketClient bobSocket = system.connect(system.gatewayB, bob)) {
            kafka.stop();
            try {
                for (int i = 1; i <= MESSAGES; i++) {
                    assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "during outage " + i)).status());
                }
            } finally {
                kafka.start();
            }
            long restarted = System.nanoTime();
            List<Integer> expected = IntStream.rangeClosed(1, MESSAGES).boxed().toList();
            for (SocketClient socket : List.of(aliceSocket, bobSocket)) {
                assertEquals(expected, Frames.createdSeqs(socket, room, MESSAGES, RECOVERY));
            }
            System.out.printf("[kafka-outage] %d messages delivered to 2 sockets on 2 instances %.1f s after the broker restarted%n",
                    MESSAGES, (System.nanoTime() - restarted) / 1e9);
            // A repeat of any of them would arrive before this marker.
            assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "marker")).status());
            for (SocketClient socket : List.of(aliceSocket, bobSocket)) {
                assertEquals(List.of(MESSAGES + 1), Frames.createdSeqs(socket, room, 1, Frames.TIMEOUT));
            }
        }
        List<Integer> history = new ArrayList<>();
        for (JsonNode message : aliceChat.get("/rooms/" + room + "/messages?limit=200").body()) {
            history.add(message.path("seq").asInt());
        }
        assertEquals(IntStream.rangeClosed(2, MESSAGES + 1).boxed().toList(), history, "the latest 200 of seqs 1..201");
    }
}
