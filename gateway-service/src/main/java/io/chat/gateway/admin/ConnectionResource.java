package io.chat.gateway.admin;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.gateway.cluster.ClusterPublisher;
import io.chat.gateway.cluster.ConnectionInfo;
import io.chat.gateway.cluster.GatewayMessages.Command;
import io.chat.gateway.presence.ConnectionRegistry;
import io.chat.problem.ProblemException;

/**
 * The connection admin API. Reads come from the cluster registry; a send or close is published on the
 * commands topic, and the instance holding the connection carries it out.
 */
@Path("/connections")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionResource {

    private final ConnectionRegistry registry;
    private final ClusterPublisher publisher;

    public ConnectionResource(ConnectionRegistry registry, ClusterPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    @GET
    public List<ConnectionInfo> list(@QueryParam("userId") String userId) {
        return registry.connections(Optional.ofNullable(userId));
    }

    @GET
    @Path("/{connectionId}")
    public ConnectionInfo get(@PathParam("connectionId") String connectionId) {
        return registry.connection(connectionId)
                .orElseThrow(() -> ProblemException.notFound("No open connection " + connectionId));
    }

    /** Sends the body to the connection as {@code {"type":"admin","data":<body>}}. */
    @POST
    @Path("/{connectionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("connectionId") String connectionId, JsonNode body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        publisher.command(Command.send(get(connectionId).connectionId(), body));
        return Response.accepted().build();
    }

    /** Closes the connection with 1008. */
    @DELETE
    @Path("/{connectionId}")
    public Response close(@PathParam("connectionId") String connectionId) {
        publisher.command(Command.close(get(connectionId).connectionId()));
        return Response.noContent().build();
    }
}
