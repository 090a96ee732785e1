package io.chat.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.service.ConnectionService;
import io.chat.gateway.service.GatewayMetrics;
import io.chat.gateway.service.OutboundFrame;
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
    private static final OutboundFrame KEEP_ALIVE = new OutboundFrame("keep-alive", "", null, 0);

    private final ConnectionService connections;
    private final GatewayMetrics metrics;
    private final JsonWebToken jwt;
    private final int maxPending;
    private final long keepAliveMillis;
    private final Vertx vertx;

    public EventStreamResource(ConnectionService connections, GatewayMetrics metrics, JsonWebToken jwt,
            GatewayConfig config, Vertx vertx) {
        this.connections = connections;
        this.metrics = metrics;
        this.jwt = jwt;
        this.maxPending = config.limits().maxPendingSseEvents();
        this.keepAliveMillis = config.limits().sseKeepAlive().toMillis();
        this.vertx = vertx;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @Context HttpServerRequest request) {
        String userId = jwt.getSubject();
        String token = jwt.getRawToken();
        String remoteAddress = String.valueOf(request.remoteAddress());
        return Multi.createFrom().<OutboundFrame>emitter(emitter -> {
            SseClient client = new SseClient(emitter, userId, token, remoteAddress, metrics);
            long keepAlive = vertx.setPeriodic(keepAliveMillis, id -> emitter.emit(KEEP_ALIVE));
            emitter.onTermination(() -> {
                vertx.cancelTimer(keepAlive);
                connections.closed(client);
            });
            connections.open(client).subscribe().with(done -> {
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
        if (frame.sseId() != null) {
            event.id(frame.sseId());
        }
        return event.build();
    }
}
