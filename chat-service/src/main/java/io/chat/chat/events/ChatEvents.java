package io.chat.chat.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.chat.chat.repository.Member;
import io.chat.chat.repository.Message;
import io.chat.chat.repository.Room;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one definition of chat-service's representations: the {@code data} of its events on the
 * {@code chat-events} topic (keyed by room id), which the gateway hands to clients unchanged, and the
 * bodies of its REST answers. Version 1 of each event type.
 */
public final class ChatEvents {

    public static final String ROOM_CREATED = "room.created";
    public static final String ROOM_UPDATED = "room.updated";
    public static final String ROOM_DELETED = "room.deleted";
    public static final String MEMBER_JOINED = "member.joined";
    public static final String MEMBER_LEFT = "member.left";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String MESSAGE_EDITED = "message.edited";
    public static final String MESSAGE_DELETED = "message.deleted";
    public static final int VERSION = 1;

    private ChatEvents() {
    }

    @RegisterForReflection
    public record RoomData(UUID id, String name, String topic, String visibility, UUID ownerId, Instant createdAt,
            long lastSeq) {

        public static RoomData of(Room room) {
            return new RoomData(room.id, room.name, room.topic, room.visibility, room.ownerId, room.createdAt,
                    room.lastSeq);
        }
    }

    @RegisterForReflection
    public record MemberData(UUID roomId, UUID userId, String role) {

        public static MemberData of(Member member) {
            return new MemberData(member.roomId(), member.userId(), member.role);
        }
    }

    /** A deleted message keeps its place in history with {@code deleted: true} and no text. */
    @RegisterForReflection
    public record MessageData(UUID id, UUID roomId, long seq, UUID senderId, String text, String clientMsgId,
            Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Instant editedAt, boolean deleted) {

        public static MessageData of(Message message) {
            return new MessageData(message.id, message.roomId, message.seq, message.senderId, message.text,
                    message.clientMsgId, message.createdAt, message.editedAt, message.deleted);
        }
    }
}
