package io.chat.chat.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.chat.chat.security.Roles;
import io.chat.chat.service.RoomService;
import io.chat.contracts.events.ChatEvents.RoomData;

@Path("/dms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class DirectMessageResource {

    private final RoomService rooms;
    private final Caller caller;

    public DirectMessageResource(RoomService rooms, Caller caller) {
        this.rooms = rooms;
        this.caller = caller;
    }

    /** 201 when this call created the pair's room, 200 when it already existed. */
    @POST
    public Response open(@Valid @NotNull ChatRequests.DirectMessage body) {
        RoomService.DirectRoom direct = rooms.direct(caller.id(), body.userId());
        RoomData room = direct.room().toData();
        return direct.created()
                ? Response.created(URI.create("/rooms/" + room.id())).entity(room).build()
                : Response.ok(room).build();
    }
}
