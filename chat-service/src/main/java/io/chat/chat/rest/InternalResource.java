package io.chat.chat.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.chat.chat.config.InternalApiConfig;
import io.chat.chat.model.Member;
import io.chat.chat.model.Message;
import io.chat.chat.security.DeletedUsers;
import io.chat.chat.security.Roles;
import io.chat.chat.service.MessageService;
import io.chat.chat.service.RoomService;
import io.chat.contracts.events.ChatEvents.MessageData;
import io.chat.problem.ProblemException;
import io.chat.problem.validation.CleanText;

/**
 * The gateway's reads, with its own service token (role {@code gateway}) and never a user's: a user's
 * rooms when they connect, a room's members, and a room's messages after a seq (the {@code resume}
 * frame). Not part of the public API; user tokens get 403 here (docs/api-additions.md).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.GATEWAY)
public class InternalResource {

    public record RoomRef(UUID id) {
    }

    public record MemberRef(UUID userId, String role) {
    }

    private final RoomService rooms;
    private final MessageService messages;
    private final DeletedUsers deleted;
    private final InternalApiConfig.Messages limits;

    public InternalResource(RoomService rooms, MessageService messages, DeletedUsers deleted, InternalApiConfig config) {
        this.rooms = rooms;
        this.messages = messages;
        this.deleted = deleted;
        this.limits = config.messages();
    }

    /** The rooms of a connecting user; 410 for a deleted user (the gateway closes with 4003). */
    @GET
    @Path("/users/{userId}/rooms")
    public List<RoomRef> rooms(@PathParam("userId") UUID userId) {
        if (deleted.contains(userId.toString())) {
            throw new ProblemException(410, "User " + userId + " was deleted");
        }
        return rooms.roomIdsOf(userId).stream().map(RoomRef::new).toList();
    }

    /**
     * Which of {@code userId}s share a room with the user (presence is private to them); at most
     * {@code chat.internal.max-contact-ids} ids.
     */
    @GET
    @Path("/users/{userId}/contacts")
    public List<UUID> contacts(@PathParam("userId") UUID userId, @QueryParam("userId") List<UUID> others) {
        if (others.size() > limits.maxContactIds()) {
            throw ProblemException.invalid("userId", "at most " + limits.maxContactIds() + " values");
        }
        return others.isEmpty() ? List.of() : rooms.sharingARoom(userId, others);
    }

    /** 404 for an unknown room. */
    @GET
    @Path("/rooms/{roomId}/members")
    public List<MemberRef> members(@PathParam("roomId") UUID roomId) {
        return rooms.members(roomId).stream().map(m -> new MemberRef(m.userId(), m.role)).toList();
    }

    /** Messages with seq > {@code after} (default 0) in seq order, with their current text and deleted state. */
    @GET
    @Path("/rooms/{roomId}/messages")
    public List<MessageData> messages(@PathParam("roomId") UUID roomId, @QueryParam("after") @CleanText String after,
            @QueryParam("limit") @CleanText String limit) {
        long afterSeq = after == null ? 0 : QueryNumbers.parse("after", after, 0, Long.MAX_VALUE);
        int size = limit == null ? limits.defaultLimit() : (int) QueryNumbers.parse("limit", limit, 1, limits.maxLimit());
        return messages.after(roomId, afterSeq, size).stream().map(Message::toData).toList();
    }
}
