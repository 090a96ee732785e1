package io.chat.gateway.transport.poll;

import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.ClientFrames;
import io.chat.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code /poll}: the long-polling fallback. A session is a connection like a socket (presence, limits,
 * admin API); its events are numbered and held until acknowledged. Polls wait on the event loop
 * (a {@code Uni} completed by the next event or a timer), never on a thread.
 */
@Path("/poll")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PollResource {

    private static final String NUMBER = "\\d{1,18}";

    private final PollSessions sessions;
    private final ClientFrames clientFrames;
    private final JsonWebToken jwt;
    private final Duration defaultWait;
    private final Duration maxWait;

    public PollResource(PollSessions sessions, ClientFrames clientFrames, JsonWebToken jwt, GatewayConfig config) {
        this.sessions = sessions;
        this.clientFrames = clientFrames;
        this.jwt = jwt;
        this.defaultWait = config.poll().defaultWait();
        this.maxWait = config.poll().maxWait();
    }

    /** 201 {@code {sessionId, events: [welcome], next}}. */
    @POST
    public Uni<Response> open(@Context HttpServerRequest request) {
        return sessions.open(jwt.getSubject(), Instant.ofEpochSecond(jwt.getExpirationTime()),
                String.valueOf(request.remoteAddress()))
                .map(session -> Response.status(Response.Status.CREATED).entity(session.current().json(session.id()))
                        .build());
    }

    /** 200 {@code {events, next}}: the events after {@code ack}, as soon as there is one or after {@code wait} seconds. */
    @GET
    @Path("/{sessionId}")
    public Uni<String> poll(@PathParam("sessionId") String sessionId,
            @QueryParam("ack") @Pattern(regexp = NUMBER, message = "must be a non-negative integer") String ack,
            @QueryParam("wait") @Pattern(regexp = NUMBER, message = "must be a non-negative integer") String wait) {
        Duration waitFor = wait == null ? defaultWait : Duration.ofSeconds(Long.parseLong(wait));
        if (waitFor.compareTo(maxWait) > 0) {
            throw ProblemException.invalid("wait", "must be at most " + maxWait.toSeconds() + " seconds");
        }
        PollSession session = sessions.get(sessionId, jwt.getSubject());
        return session.poll(ack == null ? 0 : Long.parseLong(ack), waitFor).map(answer -> answer.json(null));
    }

    /** One client frame ({@code ping}, {@code typing}, {@code resume}); its answers arrive as events. */
    @POST
    @Path("/{sessionId}/frames")
    @Consumes(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Response frame(@PathParam("sessionId") String sessionId, JsonNode frame) {
        if (frame == null) {
            throw ProblemException.badRequest("A JSON client frame is required");
        }
        sessions.get(sessionId, jwt.getSubject()).inbound(connection -> clientFrames.handle(connection, frame));
        return Response.accepted().build();
    }

    @DELETE
    @Path("/{sessionId}")
    @NonBlocking
    public Response close(@PathParam("sessionId") String sessionId) {
        sessions.get(sessionId, jwt.getSubject()).connection().close(CloseCode.NORMAL, "ended by the client");
        return Response.noContent().build();
    }
}
