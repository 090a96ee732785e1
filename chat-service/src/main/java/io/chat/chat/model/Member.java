package io.chat.chat.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import io.chat.contracts.events.ChatEvents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "members")
public class Member extends PanacheEntityBase {

    public static final String OWNER = "owner";
    public static final String MEMBER = "member";

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "room_id")
        public UUID roomId;
        @Column(name = "user_id")
        public UUID userId;

        protected Key() {
        }

        public Key(UUID roomId, UUID userId) {
            this.roomId = roomId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && roomId.equals(key.roomId) && userId.equals(key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(roomId, userId);
        }
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false, length = 10)
    public String role;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "last_read_seq", nullable = false)
    public long lastReadSeq;

    /** The membership as events show it. */
    public ChatEvents.MemberData toData() {
        return new ChatEvents.MemberData(roomId(), userId(), role);
    }

    public UUID roomId() {
        return key.roomId;
    }

    public UUID userId() {
        return key.userId;
    }

    public static Optional<Member> find(UUID roomId, UUID userId) {
        return findByIdOptional(new Key(roomId, userId));
    }

    public static List<Member> ofRoom(UUID roomId) {
        return list("key.roomId = ?1 ORDER BY joinedAt, key.userId", roomId);
    }

    public static List<Member> ofUser(UUID userId) {
        return list("key.userId", userId);
    }
}
