package io.chat.chat.model;

import java.time.Instant;
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
}
