package io.chat.problem;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body of declared length whole on the event loop, before the endpoint runs. A blocking
 * endpoint would otherwise read it on its worker thread from a stream that waits for the event loop to hand
 * over the data and then the end: two waits and two wake-ups per request, about a sixth of chat-service's CPU
 * per post (bench/results.md, issue 9). The declared length is within {@code quarkus.http.limits.max-body-size}
 * here ({@link BodySizeLimit} answered 413 before), so what this holds per request is bounded. A body that
 * does not arrive within {@code quarkus.http.read-timeout}, the limit the streaming read had, gets a 408
 * problem and the connection is closed. Bodies without a length, and requests that expect a 100 Continue,
 * keep the streaming read.
 */
public class RequestBodies {

    private final Vertx vertx;
    private final long readTimeoutMillis;

    public RequestBodies(Vertx vertx, @ConfigProperty(name = "quarkus.http.read-timeout") Duration readTimeout) {
        this.vertx = vertx;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
    }

    /** On the event loop also for blocking endpoints; completes with null to go on, or with the 408. */
    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> readWhole(ContainerRequestContext context, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (BodySizeLimit.declaredLength(request) <= 0 || request.isEnded() || request.headers().contains(HttpHeaders.EXPECT)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(readTimeoutMillis, id -> {
                // The rest of the body may still come: it must not be read as the next request.
                routing.addEndHandler(ended -> request.connection().close());
                emitter.complete(Response.fromResponse(Problem.of(408,
                        "The request body did not arrive within " + readTimeoutMillis + " ms").toResponse())
                        .header(HttpHeaders.CONNECTION.toString(), "close").build());
            });
            request.bodyHandler(body -> {
                vertx.cancelTimer(timer);
                context.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                emitter.complete(null);
            });
            // Quarkus pauses every request until a handler asks for its body.
            request.resume();
        });
    }
}
