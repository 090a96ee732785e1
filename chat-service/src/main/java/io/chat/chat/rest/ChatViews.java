package io.chat.chat.rest;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.chat.chat.model.KnownUser;
import io.chat.chat.model.Member;
import io.chat.contracts.events.ChatEvents;

/** REST-only representations; the shared ones (room, message) are {@link ChatEvents}' records. */
public final class ChatViews {

    private ChatViews() {
    }

    /** An entry of GET /rooms: the room plus the caller's unread count. */
    public record RoomSummary(@JsonUnwrapped ChatEvents.RoomData room, long unreadCount) {
    }

    /** A member; {@code displayName} (an addition to the contract) is null until user-service announced the user. */
    public record MemberView(UUID userId, String role, Instant joinedAt, String displayName) {

        public static MemberView of(Member member, KnownUser user) {
            return new MemberView(member.userId(), member.role, member.joinedAt, user == null ? null : user.displayName);
        }
    }
}
