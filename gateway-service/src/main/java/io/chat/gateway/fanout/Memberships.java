package io.chat.gateway.fanout;

import java.util.List;
import java.util.Set;

import io.chat.contracts.events.ChatEvents;
import io.smallrye.mutiny.Uni;

/** Where memberships come from (the rooms of a connecting user, the members of a room), and room history. */
public interface Memberships {

    /** The ids of the user's rooms; fails with {@link UserDeleted} for a deleted user. */
    Uni<List<String>> rooms(String userId);

    /** The user ids of the room's members. */
    Uni<Set<String>> members(String roomId);

    /** Those of {@code others} (user ids) who share a room with the user. */
    Uni<Set<String>> contacts(String userId, List<String> others);

    /** The user was deleted: their connections end for good (4003). */
    final class UserDeleted extends RuntimeException {

        public UserDeleted(String userId) {
            super("User " + userId + " was deleted", null, false, false);
        }
    }

    /** Up to {@code limit} of the room's messages with seq > {@code afterSeq}, in seq order (for {@code resume}). */
    Uni<List<ChatEvents.MessageData>> messagesAfter(String roomId, long afterSeq, int limit);
}
