package io.chat.chat.service;

import java.util.UUID;

import io.chat.chat.model.Member;
import io.chat.chat.model.Room;
import io.chat.problem.ProblemException;

/**
 * Who may see and do what in a room. A private room does not exist for a non-member (404); a public
 * room is visible to everyone, but acting in it needs membership (403).
 */
final class RoomAccess {

    private RoomAccess() {
    }

    static ProblemException roomNotFound(UUID roomId) {
        return ProblemException.notFound("Room " + roomId + " not found");
    }

    static void requireVisible(Room room, UUID caller) {
        if (!room.isPublic() && Member.find(room.id, caller).isEmpty()) {
            throw roomNotFound(room.id);
        }
    }

    static Member requireMember(Room room, UUID caller) {
        return Member.find(room.id, caller).orElseThrow(() -> notMember(room));
    }

    /** The answer to a caller who is no member: 403 in a public room, 404 in a private one (it stays hidden). */
    static ProblemException notMember(Room room) {
        return room.isPublic() ? ProblemException.forbidden("Only members of room " + room.id + " may do this")
                : roomNotFound(room.id);
    }

    /**
     * A direct-message room belongs to its two users: renaming it, adding to it, removing the other
     * member or deleting it conflicts with that (409).
     */
    static void requireNotDirect(Room room, String refused) {
        if (room.isDirect()) {
            throw ProblemException.conflict(refused + ": room " + room.id + " is a direct-message room");
        }
    }

    static void requireOwner(Room room, UUID caller) {
        requireVisible(room, caller);
        if (!room.ownerId.equals(caller)) {
            throw ProblemException.forbidden("Only the owner of room " + room.id + " may do this");
        }
    }
}
