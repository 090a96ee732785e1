package io.chat.gateway.transport.sse;

import java.time.Instant;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.fanout.OutboundFrame;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /events}: the Server-Sent Events fallback. Same auth, envelopes and delivery rules as
 * {@code /ws}; {@code event:} is the type, {@code id:} the event id of {@code message.*} events. A
 * stream whose client falls {@code chat.gateway.limits.max-pending-sse-events} behind is ended.
 */
@Path("/events")
@Authenticated
public class EventStreamResource {

    /** Stands for a keep-alive comment in the stream of frames. */
    private static final OutboundFrame KEEP_ALIVE = new OutboundFrame("keep-alive", null, null, null, "", 0);

    private final ConnectionService connections;
    private final JsonWebToken jwt;
    private final int maxPending;
    private final long keepAliveMillis;
    private final Vertx vertx;

    public EventStreamResource(ConnectionService connections, JsonWebToken jwt, GatewayConfig config, Vertx vertx) {
        this.connections = connections;
        this.jwt = jwt;
        this.maxPending = config.limits().maxPendingSseEvents();
        this.keepAliveMillis = config.limits().sseKeepAlive().toMillis();
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @Context HttpServerRequest request) {
        String userId = jwt.getSubject();
        Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
        String remoteAddress = String.valueOf(request.remoteAddress());
        return Multi.createFrom().<OutboundFrame>emitter(emitter -> {
            Connection connection = connections.accept(new SseTransport(emitter), UUID.randomUUID().toString(), userId,
                    expiresAt, Instant.now(), remoteAddress);
            long keepAlive = vertx.setPeriodic(keepAliveMillis, id -> emitter.emit(KEEP_ALIVE));
            emitter.onTermination(() -> {
                vertx.cancelTimer(keepAlive);
                connections.closed(connection);
            });
            connections.open(connection).subscribe().with(done -> {
            });
        }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(maxPending)
                .map(frame -> event(sse, frame));
    }

    private static OutboundSseEvent event(Sse sse, OutboundFrame frame) {
        if (frame == KEEP_ALIVE) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(frame.type())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(frame.json());
        if (frame.seq() != null && frame.eventId() != null) { // message.* events only
            event.id(frame.eventId());
        }
        return event.build();
    }
}
