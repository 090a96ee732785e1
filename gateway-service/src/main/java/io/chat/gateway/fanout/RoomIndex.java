package io.chat.gateway.fanout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The membership index of this instance: room → local connections, user → rooms, and the member lists
 * of rooms that have local connections (for presence and user events). Only users with a local
 * connection and rooms with a local connection are held. All methods are short in-memory operations
 * under one lock; writing to the returned connections happens outside it.
 */
@ApplicationScoped
public class RoomIndex {

    private static final class Room {
        final Set<Recipient> connections = new LinkedHashSet<>();
        /** userIds, {@code null} until loaded from chat-service. */
        Set<String> members;
        /** Member changes seen while the member list is being loaded (userId → joined), applied on top of it. */
        Map<String, Boolean> membersJournal;
    }

    private static final class User {
        final Set<String> rooms = new HashSet<>();
        final Set<Recipient> connections = new LinkedHashSet<>();
        /** Connections whose rooms are being loaded from chat-service. */
        int loading;
        /** Membership changes seen while loading (roomId → joined), applied on top of chat-service's answer. */
        final Map<String, Boolean> journal = new HashMap<>();
    }

    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();

    /**
     * Called before a connection's rooms are requested from chat-service: membership events for the
     * user that arrive meanwhile are journaled, so an answer older than them cannot undo them.
     */
    public synchronized void loading(String userId) {
        users.computeIfAbsent(userId, id -> new User()).loading++;
    }

    /**
     * Adds a connection with the rooms chat-service listed for its user (corrected by the membership
     * events seen while loading) and, still under the lock (so that it comes before any event), hands
     * the user's rooms to {@code welcome}.
     *
     * @return the rooms of the connection
     */
    public synchronized List<String> attach(Recipient connection, List<String> roomIds, Consumer<List<String>> welcome) {
        User user = users.computeIfAbsent(connection.userId(), id -> new User());
        user.rooms.addAll(roomIds);
        user.journal.forEach((roomId, joined) -> {
            if (!joined) {
                user.rooms.remove(roomId);
            }
        });
        user.connections.add(connection);
        finishLoading(connection.userId(), user);
        for (String roomId : user.rooms) {
            rooms.computeIfAbsent(roomId, id -> new Room()).connections.add(connection);
        }
        List<String> joined = List.copyOf(user.rooms);
        welcome.accept(joined);
        return joined;
    }

    /** The rooms of a connection could not be loaded. */
    public synchronized void loadFailed(String userId) {
        User user = users.get(userId);
        if (user != null) {
            finishLoading(userId, user);
        }
    }

    public synchronized void detach(Recipient connection) {
        User user = users.get(connection.userId());
        if (user == null || !user.connections.remove(connection)) {
            return;
        }
        for (String roomId : user.rooms) {
            removeConnections(roomId, Set.of(connection));
        }
        if (user.connections.isEmpty() && user.loading == 0) {
            users.remove(connection.userId());
        }
    }

    /** Rooms among {@code roomIds} whose member list nobody asked chat-service for yet; marks them asked. */
    public synchronized List<String> claimMemberLoads(List<String> roomIds) {
        List<String> claimed = new ArrayList<>();
        for (String roomId : roomIds) {
            Room room = rooms.get(roomId);
            if (room != null && room.members == null && room.membersJournal == null) {
                room.membersJournal = new HashMap<>();
                claimed.add(roomId);
            }
        }
        return claimed;
    }

    public synchronized void membersLoaded(String roomId, Set<String> userIds) {
        Room room = rooms.get(roomId);
        if (room != null && room.membersJournal != null) {
            room.members = new HashSet<>(userIds);
            room.membersJournal.forEach((userId, joined) -> {
                if (joined) {
                    room.members.add(userId);
                } else {
                    room.members.remove(userId);
                }
            });
            room.membersJournal = null;
        }
    }

    /** A member list could not be loaded: the next connection to the room tries again. */
    public synchronized void membersFailed(String roomId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.membersJournal = null;
        }
    }

    public synchronized boolean isMember(String userId, String roomId) {
        User user = users.get(userId);
        return user != null && user.rooms.contains(roomId);
    }

    /** The connections receiving a room's events. */
    public synchronized List<Recipient> roomConnections(String roomId) {
        Room room = rooms.get(roomId);
        return room == null ? List.of() : List.copyOf(room.connections);
    }

    /**
     * The audience of {@code room.created}: the room's connections and its creator's. chat-service emits it
     * before the creator's {@code member.joined}, so by membership alone it would reach no one.
     */
    public synchronized List<Recipient> created(String roomId, String ownerId) {
        Set<Recipient> targets = new LinkedHashSet<>(roomConnections(roomId));
        User owner = users.get(ownerId);
        if (owner != null) {
            targets.addAll(owner.connections);
        }
        return List.copyOf(targets);
    }

    /** Applies {@code member.joined}; returns the room's connections afterwards (the new member's included). */
    public synchronized List<Recipient> joined(String roomId, String userId) {
        User user = users.get(userId);
        if (user != null) {
            user.rooms.add(roomId);
            journal(user, roomId, true);
            if (!user.connections.isEmpty()) {
                rooms.computeIfAbsent(roomId, id -> new Room()).connections.addAll(user.connections);
            }
        }
        memberChanged(roomId, userId, true);
        return roomConnections(roomId);
    }

    /** Applies {@code member.left}; returns the room's connections before (the leaving member's included). */
    public synchronized List<Recipient> left(String roomId, String userId) {
        List<Recipient> before = roomConnections(roomId);
        User user = users.get(userId);
        if (user != null) {
            journal(user, roomId, false);
            if (user.rooms.remove(roomId)) {
                removeConnections(roomId, user.connections);
            }
        }
        memberChanged(roomId, userId, false);
        return before;
    }

    /** Applies {@code room.deleted}; returns the connections the room had. */
    public synchronized List<Recipient> deleted(String roomId) {
        Room room = rooms.remove(roomId);
        for (User user : users.values()) { // rare: a scan keeps a loading user's older answer from reviving the room
            user.rooms.remove(roomId);
            journal(user, roomId, false);
        }
        return room == null ? List.of() : List.copyOf(room.connections);
    }

    /** Connections of the room's members other than {@code userId}: the audience of its typing. */
    public synchronized List<Recipient> othersInRoom(String roomId, String userId) {
        return roomConnections(roomId).stream().filter(c -> !c.userId().equals(userId)).toList();
    }

    /**
     * Connections of the users who share a room with {@code userId} (by the member lists of rooms with
     * local connections), plus the user's own connections when {@code includeSelf}.
     */
    public synchronized List<Recipient> sharingWith(String userId, boolean includeSelf) {
        Set<Recipient> targets = new LinkedHashSet<>();
        for (Room room : rooms.values()) {
            if (room.members != null && room.members.contains(userId)) {
                targets.addAll(room.connections);
            }
        }
        User self = users.get(userId);
        if (self != null) {
            if (includeSelf) {
                targets.addAll(self.connections);
            } else {
                targets.removeAll(self.connections);
            }
        }
        return List.copyOf(targets);
    }

    private static void journal(User user, String roomId, boolean joined) {
        if (user.loading > 0) {
            user.journal.put(roomId, joined);
        }
    }

    private void finishLoading(String userId, User user) {
        if (--user.loading == 0) {
            user.journal.clear();
            if (user.connections.isEmpty()) {
                users.remove(userId);
            }
        }
    }

    private void memberChanged(String roomId, String userId, boolean joined) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return;
        }
        if (room.members != null) {
            if (joined) {
                room.members.add(userId);
            } else {
                room.members.remove(userId);
            }
        } else if (room.membersJournal != null) {
            room.membersJournal.put(userId, joined);
        }
    }

    private void removeConnections(String roomId, Set<Recipient> connections) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.connections.removeAll(connections);
            if (room.connections.isEmpty()) {
                rooms.remove(roomId);
            }
        }
    }
}
