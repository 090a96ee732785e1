package io.chat.gateway.fanout;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/** Where memberships come from: the rooms of a connecting user and the members of a room. */
public interface Memberships {

    /** The ids of the user's rooms; fails with {@link UserDeleted} for a deleted user. */
    Uni<List<String>> rooms(String userId);

    /** The user ids of the room's members. */
    Uni<Set<String>> members(String roomId);

    /** The user was deleted: their connections end for good (4003). */
    final class UserDeleted extends RuntimeException {

        public UserDeleted(String userId) {
            super("User " + userId + " was deleted", null, false, false);
        }
    }
}
