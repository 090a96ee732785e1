package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.chat.testkit.ChatClient;
import io.chat.testkit.SocketClient;

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
        // When each seq was answered 201, and when the fast reader's socket got it: the delay the slow reader causes others.
        Map<Integer, Long> answered = new ConcurrentHashMap<>();
        Map<Integer, Long> received = new ConcurrentHashMap<>();
        try (SocketClient slowSocket = system.connect(system.gatewayA, slow);
                SocketClient fastSocket = system.connect(system.gatewayA, fast, frame -> {
                    if ("message.created".equals(frame.path("type").asText())) {
                        received.put(frame.path("data").path("seq").asInt(), System.nanoTime());
                    }
                })) {
            slowSocket.pauseReading();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
            try {
                List<Callable<Integer>> posts = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    posts.add(() -> {
                        ChatClient.Answer answer = chat.post("/rooms/" + room + "/messages", Map.of("text", TEXT));
                        answered.put(answer.body().path("seq").asInt(), System.nanoTime());
                        return answer.status();
                    });
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
            List<Long> delaysMicros = new ArrayList<>();
            answered.forEach((seq, at) -> delaysMicros.add(Math.max(0, received.get(seq) - at) / 1000));
            Collections.sort(delaysMicros);
            System.out.printf("[slow-reader] %d x 4000-char messages in %.1f s; fast reader got all, slow reader closed 1013; "
                    + "fast reader's delay after the 201: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", MESSAGES, seconds,
                    delaysMicros.get(delaysMicros.size() / 2) / 1000.0, delaysMicros.get(delaysMicros.size() * 99 / 100) / 1000.0,
                    delaysMicros.get(delaysMicros.size() - 1) / 1000.0);
        }
    }
}
