package io.chat.chat.model;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
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

    /**
     * Takes the room's next message seq in one round trip: the UPDATE takes the same row lock as
     * {@link #lock} (held until the commit) and returns the new value. Empty when there is no such room.
     */
    public static OptionalLong nextSeq(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE rooms SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq")) {
            update.setObject(1, id);
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
