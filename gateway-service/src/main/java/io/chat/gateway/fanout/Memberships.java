package io.chat.gateway.fanout;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/** Where memberships come from: the rooms of a connecting user and the members of a room. */
public interface Memberships {

    /** The ids of the rooms the recipient's user is a member of, asked on that user's behalf. */
    Uni<List<String>> rooms(Recipient recipient);

    /** The user ids of the room's members, asked on behalf of a member's connection. */
    Uni<Set<String>> members(String roomId, Recipient member);
}
