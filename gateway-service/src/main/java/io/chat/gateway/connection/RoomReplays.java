package io.chat.gateway.connection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.chat.contracts.events.ChatEvents;
import io.chat.gateway.fanout.OutboundFrame;

/**
 * The resume seam of one connection. While a room's history is being read and replayed, that room's live
 * frames are held here instead of written; they are written after the replay, without the
 * {@code message.created} frames the replay already covered. A room keeps that watermark, so a live
 * {@code message.created} the replay covered that arrives later still (Kafka lag) is dropped too. Also
 * remembers the last seq delivered live per room (a truncated replay may end below it).
 * One monitor guards it; the connection writes a finished replay, and each live frame it lets through,
 * while holding it, so no live frame can slip between the replay and the held frames, nor be written
 * after a replay that covered it.
 */
final class RoomReplays {

    // The maps are made when first needed: most connections never resume, idle ones receive nothing.
    private Map<String, List<OutboundFrame>> held = Map.of();
    /** roomId → the last seq of the {@code message.created} frames written live (one slot, updated in place). */
    private Map<String, long[]> live = Map.of();
    /** roomId → the highest seq a replay covered. */
    private Map<String, Long> covered = Map.of();
    private long heldBytes;

    static boolean isCreated(OutboundFrame frame) {
        return ChatEvents.MESSAGE_CREATED.name().equals(frame.type()) && frame.seq() != null;
    }

    /** Starts holding the room's live frames; {@code false} if a replay of it is under way already. */
    synchronized boolean start(String roomId) {
        if (held.isEmpty()) {
            held = new HashMap<>();
        }
        return held.putIfAbsent(roomId, new ArrayList<>()) == null;
    }

    /**
     * Takes the frame if it must not be written now: held while its room is being replayed, dropped if a
     * replay covered its seq. Otherwise notes its seq as delivered live.
     */
    synchronized boolean absorb(OutboundFrame frame) {
        List<OutboundFrame> frames = held.get(frame.roomId());
        if (frames != null) {
            frames.add(frame);
            heldBytes += frame.bytes();
            return true;
        }
        if (isCreated(frame)) {
            if (frame.seq() <= covered.getOrDefault(frame.roomId(), 0L)) {
                return true;
            }
            if (live.isEmpty()) {
                live = new HashMap<>();
            }
            long[] last = live.computeIfAbsent(frame.roomId(), id -> new long[1]); // no boxing per delivery
            last[0] = Math.max(last[0], frame.seq());
        }
        return false;
    }

    /** The last seq of the room's messages written live so far, 0 if none. */
    synchronized long lastLive(String roomId) {
        long[] last = live.get(roomId);
        return last == null ? 0 : last[0];
    }

    synchronized long heldBytes() {
        return heldBytes;
    }

    /**
     * Stops holding the room; the frames held meanwhile, in arrival order, less the {@code message.created}
     * ones up to {@code coveredUpTo}. Call holding this monitor.
     */
    List<OutboundFrame> stop(String roomId, long coveredUpTo) {
        List<OutboundFrame> frames = held.remove(roomId);
        frames.forEach(f -> heldBytes -= f.bytes());
        if (covered.isEmpty()) {
            covered = new HashMap<>();
        }
        covered.merge(roomId, coveredUpTo, Math::max);
        return frames.stream().filter(f -> !isCreated(f) || f.seq() > coveredUpTo).toList();
    }
}
