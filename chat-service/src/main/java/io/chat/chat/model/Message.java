package io.chat.chat.model;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.chat.contracts.events.ChatEvents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "messages")
public class Message extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "room_id", nullable = false)
    public UUID roomId;

    @Column(nullable = false)
    public long seq;

    @Column(name = "sender_id", nullable = false)
    public UUID senderId;

    @Column(length = 4000)
    public String text;

    @Column(name = "client_msg_id", length = 128)
    public String clientMsgId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "edited_at")
    public Instant editedAt;

    @Column(nullable = false)
    public boolean deleted;

    /** The message as events and REST answers show it. */
    public ChatEvents.MessageData toData() {
        return new ChatEvents.MessageData(id, roomId, seq, senderId, text, clientMsgId, createdAt, editedAt, deleted);
    }

    public static Optional<Message> find(UUID roomId, UUID messageId) {
        return find("id = ?1 AND roomId = ?2", messageId, roomId).firstResultOptional();
    }

    public static Optional<Message> byClientMsgId(UUID roomId, UUID senderId, String clientMsgId) {
        return find("roomId = ?1 AND senderId = ?2 AND clientMsgId = ?3", roomId, senderId, clientMsgId)
                .firstResultOptional();
    }

    /**
     * Inserts a new message, checking in the same statement that its sender is a member of the room and has
     * not used its clientMsgId there before; it inserts nothing otherwise. Run it under the room's lock
     * ({@link Room#nextSeq}): the statement then sees every membership change and message committed before.
     * Its parameters are set by {@link #setInsertByMember}.
     */
    public static final String INSERT_BY_MEMBER = """
            INSERT INTO messages (id, room_id, seq, sender_id, text, client_msg_id, created_at)
            SELECT ?, ?, ?, ?, ?, ?, ?
            WHERE EXISTS (SELECT 1 FROM members WHERE room_id = ? AND user_id = ?)
            ON CONFLICT (room_id, sender_id, client_msg_id) DO NOTHING""";

    /** @return how many parameters of {@link #INSERT_BY_MEMBER} it set: all of them */
    public static int setInsertByMember(PreparedStatement insert, ChatEvents.MessageData message) throws SQLException {
        insert.setObject(1, message.id());
        insert.setObject(2, message.roomId());
        insert.setLong(3, message.seq());
        insert.setObject(4, message.senderId());
        insert.setString(5, message.text());
        insert.setString(6, message.clientMsgId());
        insert.setObject(7, OffsetDateTime.ofInstant(message.createdAt(), ZoneOffset.UTC));
        insert.setObject(8, message.roomId());
        insert.setObject(9, message.senderId());
        return 9;
    }
}
