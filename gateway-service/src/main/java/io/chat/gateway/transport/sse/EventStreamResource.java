package io.chat.gateway.transport.sse;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
import io.chat.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /events}: the Server-Sent Events fallback. Same auth, envelopes, delivery rules and
 * per-user connection cap as {@code /ws} (429 past it, 503 while shutting down); {@code event:} is the
 * type, {@code id:} the event id of {@code message.*} events. Each event counts against the connection's
 * pending bytes until the response wrote it out, like a socket's frames, so a stream whose client falls
 * {@code max-pending-bytes} behind is ended.
 */
@Path("/events")
@Authenticated
public class EventStreamResource {

    private final ConnectionService connections;
    private final JsonWebToken jwt;
    private final GatewayConfig.Limits limits;
    private final Vertx vertx;

    public EventStreamResource(ConnectionService connections, JsonWebToken jwt, GatewayConfig config, Vertx vertx) {
        this.connections = connections;
        this.jwt = jwt;
        this.limits = config.limits();
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context HttpServerRequest request) {
        String userId = jwt.getSubject();
        if (!connections.accepting()) {
            throw new ProblemException(503, "The gateway is shutting down; connect again (another instance takes it)");
        }
        if (!connections.admit(userId)) {
            throw new ProblemException(429, "At most " + limits.maxConnectionsPerUser() + " connections per user");
        }
        SseTransport transport = new SseTransport(sink, sse);
        Connection connection = connections.accept(transport, UUID.randomUUID().toString(), userId,
                Instant.ofEpochSecond(jwt.getExpirationTime()), Instant.now(), String.valueOf(request.remoteAddress()));
        long keepAlive = vertx.setPeriodic(limits.sseKeepAlive().toMillis(), id -> transport.keepAlive());
        transport.onEnd(() -> {
            vertx.cancelTimer(keepAlive);
            connections.closed(connection);
        });
        request.response().closeHandler(v -> transport.close(null, null)); // the client went away
        connections.open(connection).subscribe().with(done -> {
        });
    }
}
