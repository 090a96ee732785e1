package io.chat.gateway.fanout;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.ws.FrameTypes;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every server-to-client frame, serialized once per frame whatever the number of its recipients. */
@ApplicationScoped
public class Frames {

    @RegisterForReflection
    record Welcome(String connectionId, String userId, List<String> rooms) {
    }

    @RegisterForReflection
    record Typing(String roomId, String userId) {
    }

    @RegisterForReflection
    record Presence(String userId, String status) {
    }

    @RegisterForReflection
    record Resumed(String roomId, long fromSeq, long toSeq, boolean truncated) {
    }

    @RegisterForReflection
    record ErrorData(String code, String message) {
    }

    private final ObjectMapper mapper;
    private final OutboundFrame pong;

    public Frames(ObjectMapper mapper) {
        this.mapper = mapper;
        this.pong = frame(FrameTypes.PONG, null, Map.of());
    }

    /**
     * A domain event's frame; {@code message.*} frames carry the message's seq.
     *
     * @param roomId the room of a chat event, {@code null} for user events
     * @param eventId the event's id, {@code null} for a message replayed from history
     */
    public OutboundFrame event(String type, String roomId, Object data, String eventId) {
        Long seq = data instanceof ChatEvents.MessageData message ? message.seq() : null;
        return OutboundFrame.of(mapper, type, roomId, data, eventId, seq);
    }

    public OutboundFrame welcome(String connectionId, String userId, List<String> rooms) {
        return frame(FrameTypes.WELCOME, null, new Welcome(connectionId, userId, rooms));
    }

    public OutboundFrame pong() {
        return pong;
    }

    public OutboundFrame typing(String roomId, String userId) {
        return frame(FrameTypes.TYPING, roomId, new Typing(roomId, userId));
    }

    public OutboundFrame presence(String userId, String status) {
        return frame(FrameTypes.PRESENCE, null, new Presence(userId, status));
    }

    public OutboundFrame resumed(String roomId, long fromSeq, long toSeq, boolean truncated) {
        return frame(FrameTypes.RESUMED, roomId, new Resumed(roomId, fromSeq, toSeq, truncated));
    }

    /** @param code one of {@link io.chat.contracts.ws.ErrorCodes} */
    public OutboundFrame error(String code, String message) {
        return frame(FrameTypes.ERROR, null, new ErrorData(code, message));
    }

    public OutboundFrame admin(JsonNode data) {
        return frame(FrameTypes.ADMIN, null, data);
    }

    private OutboundFrame frame(String type, String roomId, Object data) {
        return OutboundFrame.of(mapper, type, roomId, data, null, null);
    }
}
