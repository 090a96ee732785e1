package io.chat.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.SocketClient;

/** Reading what a socket received. */
final class Frames {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Frames() {
    }

    /**
     * Collects the seqs of {@code message.created} frames of a room until {@code count} arrived or the
     * socket stays quiet for {@code quiet}; other frames are skipped.
     */
    static List<Integer> createdSeqs(SocketClient socket, String roomId, int count, Duration quiet) throws InterruptedException {
        List<Integer> seqs = new ArrayList<>();
        while (seqs.size() < count) {
            JsonNode frame = socket.next("message.created", quiet);
            if (frame == null) {
                break;
            }
            if (roomId.equals(frame.path("roomId").asText())) {
                seqs.add(frame.path("data").path("seq").asInt());
            }
        }
        return seqs;
    }

    /** The next frame of a type for a room, skipping others; null if none within {@link #TIMEOUT}. */
    static JsonNode next(SocketClient socket, String type, String roomId) throws InterruptedException {
        return next(socket, type, roomId, TIMEOUT);
    }

    /** The next frame of a type for a room, skipping others; null if none in time. */
    static JsonNode next(SocketClient socket, String type, String roomId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = socket.next(type, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (frame != null && roomId.equals(frame.path("roomId").asText())) {
                return frame;
            }
        }
        return null;
    }
}
