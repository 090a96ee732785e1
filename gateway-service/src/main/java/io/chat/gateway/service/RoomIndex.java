package io.chat.gateway.service;

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
        final Set<Client> clients = new LinkedHashSet<>();
        /** userIds, {@code null} until loaded from chat-service. */
        Set<String> members;
        boolean membersRequested;
    }

    private static final class User {
        final Set<String> rooms = new HashSet<>();
        final Set<Client> clients = new LinkedHashSet<>();
    }

    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, User> users = new HashMap<>();

    /**
     * Adds a connection with the rooms chat-service listed for its user and, still under the lock (so
     * that it comes before any event), hands the user's rooms to {@code welcome}.
     */
    public synchronized void attach(Client client, List<String> roomIds, Consumer<List<String>> welcome) {
        User user = users.computeIfAbsent(client.userId(), id -> new User());
        user.rooms.addAll(roomIds);
        user.clients.add(client);
        for (String roomId : user.rooms) {
            rooms.computeIfAbsent(roomId, id -> new Room()).clients.add(client);
        }
        welcome.accept(List.copyOf(user.rooms));
    }

    public synchronized void detach(Client client) {
        User user = users.get(client.userId());
        if (user == null || !user.clients.remove(client)) {
            return;
        }
        for (String roomId : user.rooms) {
            removeClients(roomId, Set.of(client));
        }
        if (user.clients.isEmpty()) {
            users.remove(client.userId());
        }
    }

    /** Rooms among {@code roomIds} whose member list nobody asked chat-service for yet; marks them asked. */
    public synchronized List<String> claimMemberLoads(List<String> roomIds) {
        List<String> claimed = new ArrayList<>();
        for (String roomId : roomIds) {
            Room room = rooms.get(roomId);
            if (room != null && !room.membersRequested) {
                room.membersRequested = true;
                claimed.add(roomId);
            }
        }
        return claimed;
    }

    public synchronized void membersLoaded(String roomId, Set<String> userIds) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.members = new HashSet<>(userIds);
        }
    }

    /** A member list could not be loaded: the next connection to the room tries again. */
    public synchronized void membersFailed(String roomId) {
        Room room = rooms.get(roomId);
        if (room != null && room.members == null) {
            room.membersRequested = false;
        }
    }

    public synchronized boolean isMember(String userId, String roomId) {
        User user = users.get(userId);
        return user != null && user.rooms.contains(roomId);
    }

    /** The connections receiving a room's events. */
    public synchronized List<Client> roomClients(String roomId) {
        Room room = rooms.get(roomId);
        return room == null ? List.of() : List.copyOf(room.clients);
    }

    /** Applies {@code member.joined}; returns the room's connections afterwards (the new member's included). */
    public synchronized List<Client> joined(String roomId, String userId) {
        User user = users.get(userId);
        if (user != null) {
            user.rooms.add(roomId);
            rooms.computeIfAbsent(roomId, id -> new Room()).clients.addAll(user.clients);
        }
        Room room = rooms.get(roomId);
        if (room != null && room.members != null) {
            room.members.add(userId);
        }
        return roomClients(roomId);
    }

    /** Applies {@code member.left}; returns the room's connections before (the leaving member's included). */
    public synchronized List<Client> left(String roomId, String userId) {
        List<Client> before = roomClients(roomId);
        User user = users.get(userId);
        if (user != null && user.rooms.remove(roomId)) {
            removeClients(roomId, user.clients);
        }
        Room room = rooms.get(roomId);
        if (room != null && room.members != null) {
            room.members.remove(userId);
        }
        return before;
    }

    /** Applies {@code room.deleted}; returns the connections the room had. */
    public synchronized List<Client> deleted(String roomId) {
        Room room = rooms.remove(roomId);
        if (room == null) {
            return List.of();
        }
        for (Client client : room.clients) {
            User user = users.get(client.userId());
            if (user != null) {
                user.rooms.remove(roomId);
            }
        }
        return List.copyOf(room.clients);
    }

    /** Connections of the room's members other than {@code userId}: the audience of its typing. */
    public synchronized List<Client> othersInRoom(String roomId, String userId) {
        return roomClients(roomId).stream().filter(c -> !c.userId().equals(userId)).toList();
    }

    /**
     * Connections of the users who share a room with {@code userId} (by the member lists of rooms with
     * local connections), plus the user's own connections when {@code includeSelf}.
     */
    public synchronized List<Client> sharingWith(String userId, boolean includeSelf) {
        Set<Client> targets = new LinkedHashSet<>();
        for (Room room : rooms.values()) {
            if (room.members != null && room.members.contains(userId)) {
                targets.addAll(room.clients);
            }
        }
        User self = users.get(userId);
        if (self != null) {
            if (includeSelf) {
                targets.addAll(self.clients);
            } else {
                targets.removeAll(self.clients);
            }
        }
        return List.copyOf(targets);
    }

    private void removeClients(String roomId, Set<Client> clients) {
        Room room = rooms.get(roomId);
        if (room != null) {
            room.clients.removeAll(clients);
            if (room.clients.isEmpty()) {
                rooms.remove(roomId);
            }
        }
    }
}
