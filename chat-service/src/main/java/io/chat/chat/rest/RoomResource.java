package io.chat.chat.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.chat.chat.model.KnownUser;
import io.chat.chat.model.Member;
import io.chat.chat.model.Room;
import io.chat.chat.security.Roles;
import io.chat.chat.service.RoomService;
import io.chat.chat.service.UserDirectory;
import io.chat.contracts.events.ChatEvents.RoomData;

@Path("/rooms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class RoomResource {

    private final RoomService rooms;
    private final UserDirectory users;
    private final Caller caller;

    public RoomResource(RoomService rooms, UserDirectory users, Caller caller) {
        this.rooms = rooms;
        this.users = users;
        this.caller = caller;
    }

    @POST
    public Response create(@Valid @NotNull ChatRequests.CreateRoom body) {
        String visibility = body.visibility() == null ? Room.PUBLIC : body.visibility();
        Room room = rooms.create(caller.id(), body.name(), body.topic(), visibility);
        return Response.created(URI.create("/rooms/" + room.id)).entity(room.toData()).build();
    }

    @GET
    public List<ChatViews.RoomSummary> mine() {
        return rooms.roomsOf(caller.id()).stream()
                .map(r -> new ChatViews.RoomSummary(r.room().toData(), r.unreadCount()))
                .toList();
    }

    @GET
    @Path("/{roomId}")
    public RoomData get(@PathParam("roomId") UUID roomId) {
        return rooms.get(caller.id(), roomId).toData();
    }

    @PATCH
    @Path("/{roomId}")
    public RoomData update(@PathParam("roomId") UUID roomId, @Valid @NotNull ChatRequests.UpdateRoom body) {
        return rooms.update(caller.id(), roomId, body.name(), body.topic()).toData();
    }

    @DELETE
    @Path("/{roomId}")
    public void delete(@PathParam("roomId") UUID roomId) {
        rooms.delete(caller.id(), roomId);
    }

    @POST
    @Path("/{roomId}/members")
    public Response addMember(@PathParam("roomId") UUID roomId, @Valid @NotNull ChatRequests.AddMember body) {
        Member member = rooms.addMember(caller.id(), roomId, body.userId()).member();
        return Response.created(URI.create("/rooms/" + roomId + "/members/" + member.userId()))
                .entity(view(member, users.find(List.of(member.userId())))).build();
    }

    @DELETE
    @Path("/{roomId}/members/{userId}")
    public void removeMember(@PathParam("roomId") UUID roomId, @PathParam("userId") UUID userId) {
        rooms.removeMember(caller.id(), roomId, userId);
    }

    @GET
    @Path("/{roomId}/members")
    public List<ChatViews.MemberView> members(@PathParam("roomId") UUID roomId) {
        List<Member> members = rooms.members(caller.id(), roomId);
        Map<UUID, KnownUser> known = users.find(members.stream().map(Member::userId).toList());
        return members.stream().map(member -> view(member, known)).toList();
    }

    private static ChatViews.MemberView view(Member member, Map<UUID, KnownUser> known) {
        return ChatViews.MemberView.of(member, known.get(member.userId()));
    }
}
