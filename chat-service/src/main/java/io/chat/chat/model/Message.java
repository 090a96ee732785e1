package io.chat.chat.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.chat.contracts.events.ChatEvents;
import io.chat.outbox.Outbox;
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
     * A member's post: two statements, sent in one round trip with the event row ({@link Outbox#publishWith}).
     * The first takes the room's next seq and its row lock (the one {@link Room#lock} takes, held to the
     * commit). The second, its snapshot taken once the lock is held, so it sees every membership change and
     * message committed before, inserts the message with that seq if its sender is a member of the room
     * and has not used its clientMsgId there before, and records its event with the seq filled in; otherwise
     * it gives the seq back, so a refused post changes nothing. Its parameters are set by
     * {@link #setPost}; its result is the new message's seq, or no row when the post was refused (no such
     * room, not a member, a repeated clientMsgId): {@link #postedSeq}.
     */
    public static final String POST = """
            UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ?;
            WITH message AS (
                INSERT INTO messages (id, room_id, seq, sender_id, text, client_msg_id, created_at)
                SELECT ?, r.id, r.last_seq, ?, ?, ?, ? FROM rooms r
                WHERE r.id = ? AND EXISTS (SELECT 1 FROM members WHERE room_id = r.id AND user_id = ?)
                ON CONFLICT (room_id, sender_id, client_msg_id) DO NOTHING
                RETURNING seq
            ), given_back AS (
                UPDATE rooms SET last_seq = last_seq - 1 WHERE id = ? AND NOT EXISTS (SELECT 1 FROM message)
            ), event AS (
            """ + Outbox.insertSelect("jsonb_set(?::jsonb, ARRAY['data', 'seq'], to_jsonb(message.seq))::text FROM message")
            + """
            )
            SELECT seq FROM message""";

    /**
     * Sets the parameters of {@link #POST} for {@code message}, whose seq is left to the statement.
     *
     * @return how many it set: all but the event row's
     */
    public static int setPost(PreparedStatement post, ChatEvents.MessageData message) throws SQLException {
        post.setObject(1, message.roomId());
        post.setObject(2, message.id());
        post.setObject(3, message.senderId());
        post.setString(4, message.text());
        post.setString(5, message.clientMsgId());
        post.setObject(6, OffsetDateTime.ofInstant(message.createdAt(), ZoneOffset.UTC));
        post.setObject(7, message.roomId());
        post.setObject(8, message.senderId());
        post.setObject(9, message.roomId());
        return 9;
    }

    /** The seq {@link #POST} gave the message, after the seq UPDATE's count; empty when the post was refused. */
    public static OptionalLong postedSeq(PreparedStatement post) throws SQLException {
        if (!post.getMoreResults()) {
            throw new IllegalStateException("The post's insert returned no result set");
        }
        try (ResultSet inserted = post.getResultSet()) {
            return inserted.next() ? OptionalLong.of(inserted.getLong(1)) : OptionalLong.empty();
        }
    }
}
