package io.chat.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The events of chat-service on {@link io.chat.contracts.Topics#CHAT_EVENTS}, keyed by room id. Their
 * payloads are also chat-service's REST representations, and the gateway hands them to clients
 * unchanged as the {@code data} of a frame.
 */
public final class ChatEvents {

    public record RoomData(UUID id, String name, String topic, String visibility, UUID ownerId, Instant createdAt,
            long lastSeq) {
    }

    public record MemberData(UUID roomId, UUID userId, String role) {
    }

    /** A deleted message keeps its place in history with {@code deleted: true} and no text. */
    public record MessageData(UUID id, UUID roomId, long seq, UUID senderId, String text, String clientMsgId,
            Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Instant editedAt, boolean deleted) {

        /** The same message with the seq the database gave it. */
        public MessageData withSeq(long assigned) {
            return new MessageData(id, roomId, assigned, senderId, text, clientMsgId, createdAt, editedAt, deleted);
        }
    }

    public static final EventType<RoomData> ROOM_CREATED = new EventType<>("room.created", 1, RoomData.class);
    public static final EventType<RoomData> ROOM_UPDATED = new EventType<>("room.updated", 1, RoomData.class);
    public static final EventType<RoomData> ROOM_DELETED = new EventType<>("room.deleted", 1, RoomData.class);
    public static final EventType<MemberData> MEMBER_JOINED = new EventType<>("member.joined", 1, MemberData.class);
    public static final EventType<MemberData> MEMBER_LEFT = new EventType<>("member.left", 1, MemberData.class);
    public static final EventType<MessageData> MESSAGE_CREATED = new EventType<>("message.created", 1, MessageData.class);
    public static final EventType<MessageData> MESSAGE_EDITED = new EventType<>("message.edited", 1, MessageData.class);
    public static final EventType<MessageData> MESSAGE_DELETED = new EventType<>("message.deleted", 1, MessageData.class);

    public static final List<EventType<?>> ALL = List.of(ROOM_CREATED, ROOM_UPDATED, ROOM_DELETED, MEMBER_JOINED,
            MEMBER_LEFT, MESSAGE_CREATED, MESSAGE_EDITED, MESSAGE_DELETED);

    private ChatEvents() {
    }
}
