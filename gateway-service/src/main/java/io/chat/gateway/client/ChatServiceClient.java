package io.chat.gateway.client;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.chat.contracts.events.ChatEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The chat-service reads the gateway makes, on its internal API with its own service token
 * ({@link ServiceToken}), never with a user's.
 */
@RegisterRestClient(configKey = "chat-service")
@Path("/internal")
public interface ChatServiceClient {

    /** 410 when the user was deleted. */
    @GET
    @Path("/users/{userId}/rooms")
    Uni<List<RoomRef>> rooms(@HeaderParam("Authorization") String authorization, @PathParam("userId") String userId);

    /** Which of {@code others} share a room with the user. */
    @GET
    @Path("/users/{userId}/contacts")
    Uni<List<String>> contacts(@HeaderParam("Authorization") String authorization, @PathParam("userId") String userId,
            @QueryParam("userId") List<String> others);

    @GET
    @Path("/rooms/{roomId}/members")
    Uni<List<MemberRef>> members(@HeaderParam("Authorization") String authorization, @PathParam("roomId") String roomId);

    /** The room's messages with seq > {@code after} in seq order, their current text and deleted state. */
    @GET
    @Path("/rooms/{roomId}/messages")
    Uni<List<ChatEvents.MessageData>> messages(@HeaderParam("Authorization") String authorization,
            @PathParam("roomId") String roomId, @QueryParam("after") long after, @QueryParam("limit") int limit);

    @RegisterForReflection
    record RoomRef(String id) {
    }

    @RegisterForReflection
    record MemberRef(String userId) {
    }
}
