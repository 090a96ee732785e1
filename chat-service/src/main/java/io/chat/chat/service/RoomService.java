package io.chat.chat.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.chat.chat.events.ChatEventPublisher;
import io.chat.chat.model.KnownUser;
import io.chat.chat.model.Member;
import io.chat.chat.model.Room;
import io.chat.contracts.events.ChatEvents;
import io.chat.problem.ProblemException;

@ApplicationScoped
public class RoomService {

    private static final Logger LOG = Logger.getLogger(RoomService.class);
    static final String DIRECT_ROOM_NAME = "Direct message";

    /** A room of the caller with the number of others' messages after the caller's read marker. */
    public record RoomWithUnread(Room room, long unreadCount) {
    }

    /** A member, and whether this call added it. */
    public record Membership(Member member, boolean added) {
    }

    /** A direct-message room, and whether this call created it. */
    public record DirectRoom(Room room, boolean created) {
    }

    private final ChatEventPublisher events;
    private final EntityManager entityManager;

    public RoomService(ChatEventPublisher events, EntityManager entityManager) {
        this.events = events;
        this.entityManager = entityManager;
    }

    @Transactional
    public Room create(UUID caller, String name, String topic, String visibility) {
        Room room = newRoom(caller, name, topic, visibility);
        room.persist();
        events.room(ChatEvents.ROOM_CREATED, room);
        join(room, caller, Member.OWNER);
        LOG.infof("Room %s created by %s", room.id, caller);
        return room;
    }

    private static Room newRoom(UUID owner, String name, String topic, String visibility) {
        Room room = new Room();
        room.id = UUID.randomUUID();
        room.name = name;
        room.topic = topic;
        room.visibility = visibility;
        room.ownerId = owner;
        room.createdAt = now();
        return room;
    }

    public List<RoomWithUnread> roomsOf(UUID caller) {
        return entityManager.createQuery("""
                SELECT r, (SELECT count(x) FROM Message x WHERE x.roomId = r.id AND x.seq > m.lastReadSeq
                           AND x.senderId <> :me AND x.deleted = false)
                FROM Member m, Room r WHERE r.id = m.key.roomId AND m.key.userId = :me
                ORDER BY r.createdAt, r.id""", Object[].class)
                .setParameter("me", caller)
                .getResultList().stream()
                .map(row -> new RoomWithUnread((Room) row[0], (Long) row[1]))
                .toList();
    }

    public Room get(UUID caller, UUID roomId) {
        Room room = find(roomId);
        RoomAccess.requireVisible(room, caller);
        return room;
    }

    /** Reads the room without locking it; 404 if it does not exist. */
    static Room find(UUID roomId) {
        return Room.<Room> findByIdOptional(roomId).orElseThrow(() -> RoomAccess.roomNotFound(roomId));
    }

    /** Locks the room for a change; see {@link Room#lock}. */
    static Room lock(UUID roomId) {
        return Room.lock(roomId).orElseThrow(() -> RoomAccess.roomNotFound(roomId));
    }

    @Transactional
    public Room update(UUID caller, UUID roomId, String name, String topic) {
        Room room = lock(roomId);
        RoomAccess.requireVisible(room, caller);
        RoomAccess.requireNotDirect(room, "It cannot be renamed");
        RoomAccess.requireOwner(room, caller);
        if (name != null) {
            room.name = name;
        }
        if (topic != null) {
            room.topic = topic;
        }
        events.room(ChatEvents.ROOM_UPDATED, room);
        return room;
    }

    @Transactional
    public void delete(UUID caller, UUID roomId) {
        Room room = lock(roomId);
        RoomAccess.requireVisible(room, caller);
        RoomAccess.requireNotDirect(room, "It cannot be deleted (each member may leave it)");
        RoomAccess.requireOwner(room, caller);
        deleteRoom(room);
        LOG.infof("Room %s deleted by %s", roomId, caller);
    }

    private void deleteRoom(Room room) {
        events.room(ChatEvents.ROOM_DELETED, room);
        room.delete();
    }

    /** The ids of the user's rooms, for the gateway (no caller: it asks with its own credential). */
    public List<UUID> roomIdsOf(UUID userId) {
        return Member.ofUser(userId).stream().map(Member::roomId).toList();
    }

    /** Those of {@code others} who are a member of a room {@code userId} is a member of. */
    public List<UUID> sharingARoom(UUID userId, List<UUID> others) {
        return entityManager.createQuery("""
                SELECT DISTINCT other.key.userId FROM Member mine, Member other
                WHERE mine.key.userId = :me AND other.key.roomId = mine.key.roomId AND other.key.userId IN :others""",
                UUID.class)
                .setParameter("me", userId).setParameter("others", others).getResultList();
    }

    /** A room's members, for the gateway; 404 for an unknown room. */
    public List<Member> members(UUID roomId) {
        find(roomId);
        return Member.ofRoom(roomId);
    }

    public List<Member> members(UUID caller, UUID roomId) {
        Room room = get(caller, roomId);
        RoomAccess.requireMember(room, caller);
        return Member.ofRoom(roomId);
    }

    /**
     * The owner adds any user chat-service knows; anyone adds themself to a public room (a valid token
     * proves the caller exists). Adding a member twice changes nothing, also when a member of a private or
     * direct-message room adds themself again.
     */
    @Transactional
    public Membership addMember(UUID caller, UUID roomId, UUID userId) {
        Room room = lock(roomId);
        boolean self = caller.equals(userId);
        Optional<Member> existing = Member.find(roomId, userId);
        if (!(self && (room.isPublic() || existing.isPresent()))) {
            RoomAccess.requireVisible(room, caller);
            RoomAccess.requireNotDirect(room, "No one can be added");
            RoomAccess.requireOwner(room, caller);
        }
        if (existing.isPresent()) {
            return new Membership(existing.get(), false);
        }
        if (!self) {
            requireKnown(userId);
        }
        return new Membership(join(room, userId, Member.MEMBER), true);
    }

    /** 404 for a user user-service never announced, or deleted. */
    private static void requireKnown(UUID userId) {
        if (!KnownUser.exists(userId)) {
            throw ProblemException.notFound("User " + userId + " not found");
        }
    }

    private Member join(Room room, UUID userId, String role) {
        Member member = new Member();
        member.key = new Member.Key(room.id, userId);
        member.role = role;
        member.joinedAt = now();
        member.persist();
        events.member(ChatEvents.MEMBER_JOINED, room, member);
        return member;
    }

    /** A member leaves, or the owner removes them. */
    @Transactional
    public void removeMember(UUID caller, UUID roomId, UUID userId) {
        Room room = lock(roomId);
        RoomAccess.requireMember(room, caller);
        if (!caller.equals(userId)) {
            RoomAccess.requireNotDirect(room, "The other member cannot be removed");
            if (!room.ownerId.equals(caller)) {
                throw ProblemException.forbidden("Only the owner may remove other members");
            }
        }
        Member member = Member.find(roomId, userId)
                .orElseThrow(() -> ProblemException.notFound("User " + userId + " is not a member of room " + roomId));
        leave(room, member);
    }

    /** Ends every membership of a deleted user, each with its {@code member.left} event. */
    @Transactional
    public void removeUserEverywhere(UUID userId) {
        List<UUID> roomIds = Member.ofUser(userId).stream().map(Member::roomId).sorted().toList();
        for (UUID roomId : roomIds) {
            Room.lock(roomId).ifPresent(room -> Member.find(roomId, userId).ifPresent(member -> leave(room, member)));
        }
        LOG.infof("Deleted user %s left %d rooms", userId, roomIds.size());
    }

    /**
     * When the owner leaves, the longest-standing member becomes owner; a room left by its last member
     * is deleted.
     */
    private void leave(Room room, Member member) {
        member.delete();
        events.member(ChatEvents.MEMBER_LEFT, room, member);
        if (!room.ownerId.equals(member.userId())) {
            return;
        }
        Optional<Member> successor = Member.ofRoom(room.id).stream()
                .filter(m -> !m.userId().equals(member.userId()))
                .min(Comparator.comparing((Member m) -> m.joinedAt));
        if (successor.isEmpty()) {
            deleteRoom(room);
            return;
        }
        successor.get().role = Member.OWNER;
        room.ownerId = successor.get().userId();
        events.room(ChatEvents.ROOM_UPDATED, room);
    }

    /**
     * The one private room of exactly these two users, created on first use, also under concurrent calls.
     * Opening it again makes a user who left it a member again.
     */
    @Transactional
    public DirectRoom direct(UUID caller, UUID other) {
        if (caller.equals(other)) {
            throw ProblemException.invalid("userId", "must be another user's id: a direct message room needs two users");
        }
        requireKnown(other);
        String key = caller.compareTo(other) < 0 ? caller + ":" + other : other + ":" + caller;
        Optional<Room> existing = Room.find("dmKey", key).firstResultOptional();
        if (existing.isPresent()) {
            return new DirectRoom(rejoin(existing.get().id, caller, other), false);
        }
        Room room = newRoom(caller, DIRECT_ROOM_NAME, null, Room.PRIVATE);
        // ON CONFLICT waits for a concurrent creator of the same pair and then inserts nothing.
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO rooms (id, name, topic, visibility, owner_id, created_at, last_seq, dm_key)
                VALUES (?1, ?2, NULL, ?3, ?4, ?5, 0, ?6) ON CONFLICT (dm_key) DO NOTHING""")
                .setParameter(1, room.id).setParameter(2, room.name).setParameter(3, room.visibility)
                .setParameter(4, room.ownerId).setParameter(5, room.createdAt).setParameter(6, key)
                .executeUpdate();
        if (inserted == 0) {
            return new DirectRoom(rejoin(Room.<Room> find("dmKey", key).firstResult().id, caller, other), false);
        }
        room = lock(room.id);
        events.room(ChatEvents.ROOM_CREATED, room);
        join(room, caller, Member.OWNER);
        join(room, other, Member.MEMBER);
        return new DirectRoom(room, true);
    }

    /** The DM room with both users as members again; whoever left it rejoins as a member. */
    private Room rejoin(UUID roomId, UUID... users) {
        Room room = lock(roomId);
        for (UUID user : users) {
            if (Member.find(roomId, user).isEmpty()) {
                join(room, user, Member.MEMBER);
            }
        }
        return room;
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
