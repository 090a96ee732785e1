package io.chat.chat.model;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.chat.contracts.events.ChatEvents;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

@Entity
@Table(name = "rooms")
public class Room extends PanacheEntityBase {

    public static final String PUBLIC = "public";
    public static final String PRIVATE = "private";

    @Id
    public UUID id;

    @Column(nullable = false, length = 100)
    public String name;

    @Column(length = 500)
    public String topic;

    @Column(nullable = false, length = 10)
    public String visibility;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seq", nullable = false)
    public long lastSeq;

    @Column(name = "dm_key", length = 73)
    public String dmKey;

    /** The room as events and REST answers show it. */
    public ChatEvents.RoomData toData() {
        return new ChatEvents.RoomData(id, name, topic, visibility, ownerId, createdAt, lastSeq);
    }

    public boolean isPublic() {
        return PUBLIC.equals(visibility);
    }

    /** A direct-message room: its two members are fixed, and neither has owner powers over the other. */
    public boolean isDirect() {
        return dmKey != null;
    }

    /**
     * Every change to a room takes this row lock first, so a room's changes (and the outbox rows they
     * write) are serialized in commit order.
     */
    public static Optional<Room> lock(UUID id) {
        return Optional.ofNullable(findById(id, LockModeType.PESSIMISTIC_WRITE));
    }
}
