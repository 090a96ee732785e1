package io.chat.gateway.presence;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.chat.gateway.presence.ConnectionRegistry.PresenceView;
import io.chat.problem.ProblemException;
import io.quarkus.security.Authenticated;

/** {@code GET /presence?userId=U&userId=V}: online status and connection count across all gateway instances. */
@Path("/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private final ConnectionRegistry registry;

    public PresenceResource(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<PresenceView> presence(@QueryParam("userId") List<String> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw ProblemException.badRequest("Give at least one userId");
        }
        return registry.presence(userIds);
    }
}
