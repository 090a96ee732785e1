package io.chat.gateway.connection;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.ws.ErrorCodes;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.Frames;
import io.chat.gateway.fanout.Memberships;
import io.chat.gateway.fanout.OutboundFrame;
import io.chat.gateway.fanout.RoomIndex;

/**
 * The {@code resume} frame: per room, the messages after the client's last seq from chat-service, then
 * {@code resumed}, then the live events with no gap and no repeat. The seam: the room's live frames are
 * held from before the history is asked for until the replay is written ({@link RoomReplays}); held
 * {@code message.created} frames the replay covers are dropped. Messages that reached the client live
 * before its {@code resume} are replayed like the others: the client asked for every seq after its own.
 * A replay stops at {@code resume-max-messages} or half the slow-reader bound, whichever comes first
 * ({@code truncated}). A last seq past the room's last message gets an empty replay ({@code resumed} with
 * {@code toSeq = lastSeq}, as API.md has it: no message has a seq above it), and neither it nor a failed
 * history read filters the held or later live frames: only seqs the room has raise the watermark.
 */
@ApplicationScoped
public class Resume {

    private static final Logger LOG = Logger.getLogger(Resume.class);

    private final RoomIndex index;
    private final Memberships history;
    private final Frames frames;
    private final int maxMessages;
    private final long maxBytes;

    public Resume(RoomIndex index, Memberships history, Frames frames, GatewayConfig config) {
        this.index = index;
        this.history = history;
        this.frames = frames;
        this.maxMessages = config.limits().resumeMaxMessages();
        this.maxBytes = config.limits().maxPendingBytes() / 2;
    }

    /** @param rooms {@code {roomId: lastSeq}} */
    void handle(Connection connection, JsonNode rooms) {
        if (!rooms.isObject() || rooms.isEmpty()) {
            error(connection, ErrorCodes.INVALID, "resume needs rooms: {roomId: lastSeq, ...}");
            return;
        }
        rooms.fields().forEachRemaining(room -> room(connection, room.getKey(), room.getValue()));
    }

    private void room(Connection connection, String roomId, JsonNode lastSeq) {
        // below 2^63-1, so that fromSeq (lastSeq + 1) is a long too
        if (!lastSeq.isIntegralNumber() || !lastSeq.canConvertToLong() || lastSeq.asLong() < 0 || lastSeq.asLong() == Long.MAX_VALUE) {
            error(connection, ErrorCodes.INVALID, "The last seq of room " + roomId + " must be an integer from 0 to 2^63-2");
        } else if (!index.isMember(connection.userId(), roomId)) {
            error(connection, ErrorCodes.NOT_MEMBER, "Not a member of room " + roomId);
        } else if (!connection.replays().start(roomId)) {
            error(connection, ErrorCodes.INVALID, "Room " + roomId + " is being resumed already");
        } else {
            long after = lastSeq.asLong();
            history.messagesAfter(roomId, after, maxMessages + 1).subscribe().with(messages -> {
                if (!messages.isEmpty() || after == 0) {
                    replay(connection, roomId, after, messages);
                    return;
                }
                // Nothing after it: the last seq is the room's last message, or past it. Taken as the
                // watermark, a seq past it would drop the room's next live messages (all of them for 2^63-1).
                history.messagesAfter(roomId, after - 1, 1).subscribe().with(last -> {
                    if (last.isEmpty()) { // past the room's end: nothing to replay, and no seq to filter by
                        connection.finishReplay(roomId, List.of(), frames.resumed(roomId, after + 1, after, false), 0);
                    } else {
                        replay(connection, roomId, after, List.of());
                    }
                }, failure -> unavailable(connection, roomId, failure));
            }, failure -> unavailable(connection, roomId, failure));
        }
    }

    /** The held frames go out as they are: the client's last seq is unchecked, it must not filter them. */
    private void unavailable(Connection connection, String roomId, Throwable failure) {
        LOG.warnf("History of room %s could not be read for connection %s: %s", roomId, connection.id(), failure.toString());
        connection.finishReplay(roomId, List.of(), frames.error(ErrorCodes.UNAVAILABLE,
                "The history of room " + roomId + " is unavailable; resume again"), 0);
    }

    private void replay(Connection connection, String roomId, long after, List<ChatEvents.MessageData> messages) {
        List<OutboundFrame> replay = new ArrayList<>();
        boolean truncated = messages.size() > maxMessages;
        long toSeq = after;
        long bytes = 0;
        for (ChatEvents.MessageData message : messages.subList(0, Math.min(messages.size(), maxMessages))) {
            OutboundFrame frame = frames.event(ChatEvents.MESSAGE_CREATED.name(), roomId, message, null);
            if (bytes + frame.bytes() > maxBytes) {
                truncated = true;
                break;
            }
            bytes += frame.bytes();
            replay.add(frame);
            toSeq = message.seq();
        }
        // A truncated replay may end below what already came live; copies of those are repeats too.
        long covered = Math.max(toSeq, connection.replays().lastLive(roomId));
        connection.finishReplay(roomId, replay, frames.resumed(roomId, after + 1, toSeq, truncated), covered);
    }

    private void error(Connection connection, String code, String message) {
        connection.send(frames.error(code, message));
    }
}
