package io.chat.gateway.client;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The two chat-service reads the gateway makes, on behalf of a connected user (its bearer token). */
@RegisterRestClient(configKey = "chat-service")
@Path("/rooms")
public interface ChatServiceClient {

    @GET
    Uni<List<RoomRef>> rooms(@HeaderParam("Authorization") String authorization);

    @GET
    @Path("/{roomId}/members")
    Uni<List<MemberRef>> members(@HeaderParam("Authorization") String authorization, @PathParam("roomId") String roomId);

    @RegisterForReflection
    record RoomRef(String id) {
    }

    @RegisterForReflection
    record MemberRef(String userId) {
    }
}
