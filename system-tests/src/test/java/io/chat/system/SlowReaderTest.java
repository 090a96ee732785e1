package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.chat.client.ChatClient;
import io.chat.client.SocketClient;

/**
 * Scenario 5: one client stops reading while large messages flow. The gateway closes it with 1013
 * instead of buffering for it, and a fast reader in the same room still gets every message.
 */
class SlowReaderTest {

    /** 1,500 messages of 4,000 characters: about 6 MB, far over the gateway's 1 MiB per-connection bound plus socket buffers. */
    private static final int MESSAGES = 1500;
    private static final int POSTERS = 4;
    private static final String TEXT = "x".repeat(4000);
    private static final int TRY_AGAIN_LATER = 1013;

    private final SystemStack system = SystemStack.get();

    @Test
    void aReaderThatStopsIsClosedWith1013AndOthersGetEverything() throws Exception {
        ChatClient.Account poster = system.signUp();
        ChatClient.Account slow = system.signUp();
        ChatClient.Account fast = system.signUp();
        ChatClient chat = system.chat(poster);
        String room = chat.post("/rooms", Map.of("name", "firehose")).text("id");
        for (ChatClient.Account member : List.of(slow, fast)) {
            assertEquals(201, chat.post("/rooms/" + room + "/members", Map.of("userId", member.id())).status());
        }
        try (SocketClient slowSocket = system.connect(system.gatewayA, slow);
                SocketClient fastSocket = system.connect(system.gatewayA, fast)) {
            slowSocket.pauseReading();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
            try {
                List<Callable<Integer>> posts = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    posts.add(() -> chat.post("/rooms/" + room + "/messages", Map.of("text", TEXT)).status());
                }
                for (Future<Integer> status : pool.invokeAll(posts)) {
                    assertEquals(201, status.get());
                }
            } finally {
                pool.shutdown();
            }
            List<Integer> fastSeqs = Frames.createdSeqs(fastSocket, room, MESSAGES, Frames.TIMEOUT);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(MESSAGES, fastSeqs.size(), "the fast reader gets every message");
            slowSocket.resumeReading();
            assertEquals(TRY_AGAIN_LATER, slowSocket.closeCode(Frames.TIMEOUT), "the slow reader is closed with 1013");
            System.out.printf("[slow-reader] %d x 4000-char messages in %.1f s; fast reader got all, slow reader closed 1013%n",
                    MESSAGES, seconds);
        }
    }
}
