package io.chat.chat.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.chat.chat.config.ChatServiceConfig;
import io.chat.chat.model.Message;
import io.chat.chat.security.Roles;
import io.chat.chat.service.MessageService;
import io.chat.contracts.events.ChatEvents.MessageData;
import io.chat.problem.validation.CleanText;

@Path("/rooms/{roomId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class MessageResource {

    private final MessageService messages;
    private final Caller caller;
    private final ChatServiceConfig.History history;

    public MessageResource(MessageService messages, Caller caller, ChatServiceConfig config) {
        this.messages = messages;
        this.caller = caller;
        this.history = config.history();
    }

    /** 201 for a new message; 200 with the first message when the sender repeats a clientMsgId. */
    @POST
    @Path("/messages")
    public Response post(@PathParam("roomId") UUID roomId, @Valid @NotNull ChatRequests.PostMessage body) {
        MessageService.Posted posted = messages.post(caller.id(), roomId, body.text(), body.clientMsgId());
        MessageData message = posted.message();
        if (!posted.created()) {
            return Response.ok(message).build();
        }
        return Response.created(URI.create("/rooms/" + roomId + "/messages/" + message.id())).entity(message).build();
    }

    @GET
    @Path("/messages")
    public List<MessageData> history(@PathParam("roomId") UUID roomId, @QueryParam("after") @CleanText String after,
            @QueryParam("before") @CleanText String before, @QueryParam("limit") @CleanText String limit) {
        int size = limit == null ? history.defaultLimit() : (int) QueryNumbers.parse("limit", limit, 1, history.maxLimit());
        Long afterSeq = after == null ? null : QueryNumbers.parse("after", after, 0, Long.MAX_VALUE);
        Long beforeSeq = before == null ? null : QueryNumbers.parse("before", before, 0, Long.MAX_VALUE);
        return messages.history(caller.id(), roomId, new MessageService.HistoryQuery(afterSeq, beforeSeq, size))
                .stream().map(Message::toData).toList();
    }

    @PATCH
    @Path("/messages/{messageId}")
    public MessageData edit(@PathParam("roomId") UUID roomId, @PathParam("messageId") UUID messageId,
            @Valid @NotNull ChatRequests.EditMessage body) {
        return messages.edit(caller.id(), roomId, messageId, body.text()).toData();
    }

    @DELETE
    @Path("/messages/{messageId}")
    public void delete(@PathParam("roomId") UUID roomId, @PathParam("messageId") UUID messageId) {
        messages.delete(caller.id(), roomId, messageId);
    }

    @PUT
    @Path("/read")
    public void markRead(@PathParam("roomId") UUID roomId, @Valid @NotNull ChatRequests.ReadMarker body) {
        messages.markRead(caller.id(), roomId, body.seq());
    }
}
