package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.ChatClient;
import io.chat.testkit.SocketClient;

/**
 * Scenario 4: chat-service restarts during a posting load. Every post either fails cleanly (connection
 * refused or a 503) or succeeds, and every post that succeeded is delivered exactly once.
 */
class ChatServiceRestartTest {

    private static final int RESTART_AFTER = 40;
    private static final int CONTINUE_AFTER_RESTART = 20;
    /** Between attempts while nothing listens, so the client does not spin. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(20);

    private final SystemStack system = SystemStack.get();

    @Test
    void postsDuringARestartFailCleanlyOrAreDeliveredOnce() throws Exception {
        ChatClient.Account alice = system.signUp();
        String room = system.chat(alice).post("/rooms", Map.of("name", "restart")).text("id");
        List<String> succeeded = new CopyOnWriteArrayList<>();
        List<String> failedCleanly = new CopyOnWriteArrayList<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger succeededAfterRestart = new AtomicInteger();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicLong slowest = new AtomicLong();
        // The restarted service listens on the same port, so one client serves before, during and after.
        ChatClient chat = system.chat(alice);
        try (SocketClient socket = system.connect(system.gatewayA, alice)) {
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                int i = 0;
                while (succeededAfterRestart.get() < CONTINUE_AFTER_RESTART) {
                    i++;
                    String clientMsgId = "restart-" + i;
                    long sent = System.nanoTime();
                    try {
                        ChatClient.Answer answer = chat.post("/rooms/" + room + "/messages",
                                Map.of("text", "post " + i, "clientMsgId", clientMsgId));
                        switch (answer.status()) {
                            case 201 -> {
                                succeeded.add(answer.text("id"));
                                if (restarted.get()) {
                                    succeededAfterRestart.incrementAndGet();
                                }
                            }
                            case 503 -> failedCleanly.add(clientMsgId + " 503");
                            default -> unexpected.add(clientMsgId + " -> " + answer);
                        }
                    } catch (UncheckedIOException e) {
                        failedCleanly.add(clientMsgId + " " + e.getCause().getClass().getSimpleName());
                        pause();
                    }
                    slowest.accumulateAndGet(System.nanoTime() - sent, Math::max);
                }
            });
            Awaitility.await().atMost(Frames.TIMEOUT).until(() -> succeeded.size() >= RESTART_AFTER);
            system.restartChat();
            restarted.set(true);
            load.get();

            assertTrue(unexpected.isEmpty(), unexpected.toString());
            List<JsonNode> history = new ArrayList<>();
            chat.get("/rooms/" + room + "/messages?limit=200").body().forEach(history::add);
            Set<String> delivered = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            int expected = history.size();
            for (int n = 0; n < expected; n++) {
                JsonNode frame = Frames.next(socket, "message.created", room);
                if (frame == null) {
                    break;
                }
                if (!delivered.add(frame.path("data").path("id").asText())) {
                    duplicates.add(frame.path("data").path("id").asText());
                }
            }
            assertTrue(duplicates.isEmpty(), "delivered twice: " + duplicates);
            assertTrue(delivered.containsAll(succeeded), "every post answered 201 is delivered");
            assertEquals(history.stream().map(m -> m.path("id").asText()).collect(Collectors.toSet()), delivered,
                    "exactly what history holds is delivered");
            System.out.printf("[chat-restart] %d posts succeeded, %d failed cleanly during the restart (%s), %d delivered, "
                    + "0 duplicates; slowest answer %.1f s%n", succeeded.size(), failedCleanly.size(),
                    failedCleanly.stream().map(f -> f.substring(f.indexOf(' ') + 1)).distinct().toList(),
                    delivered.size(), slowest.get() / 1e9);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
