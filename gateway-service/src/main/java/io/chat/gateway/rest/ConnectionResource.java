package io.chat.gateway.rest;

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

import io.chat.gateway.events.GatewayMessages.Command;
import io.chat.gateway.events.GatewayProducer;
import io.chat.gateway.service.ConnectionInfo;
import io.chat.gateway.service.ConnectionRegistry;
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
    private final GatewayProducer producer;

    public ConnectionResource(ConnectionRegistry registry, GatewayProducer producer) {
        this.registry = registry;
        this.producer = producer;
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
        producer.command(Command.send(get(connectionId).connectionId(), body));
        return Response.accepted().build();
    }

    /** Closes the connection with 1008. */
    @DELETE
    @Path("/{connectionId}")
    public Response close(@PathParam("connectionId") String connectionId) {
        producer.command(Command.close(get(connectionId).connectionId()));
        return Response.noContent().build();
    }
}
