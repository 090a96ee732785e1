package io.chat.problem;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body whole on the event loop, before the endpoint runs. A blocking endpoint would
 * otherwise read it on its worker thread from a stream that waits for the event loop to hand over the data
 * and then the end: two waits and two wake-ups per request, about a sixth of chat-service's CPU per post
 * (bench/results.md, issue 9). What this holds per request is bounded by
 * {@code quarkus.http.limits.max-body-size}: a declared length over it got a 413 before ({@link BodySizeLimit}),
 * and a chunked body that grows past it gets a 413 problem here, once it has ended (the streaming read
 * would answer that with a bare 413). A body that does not arrive within {@code quarkus.http.read-timeout}, the limit the streaming
 * read had, gets a 408 problem. After either the connection is closed: the rest of the body must not be
 * read as the next request.
 */
public class RequestBodies {

    private final Vertx vertx;
    private final long readTimeoutMillis;
    private final long maxBodySize;

    public RequestBodies(Vertx vertx, @ConfigProperty(name = "quarkus.http.read-timeout") Duration readTimeout,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.vertx = vertx;
        this.readTimeoutMillis = Math.max(1, readTimeout.toMillis());
        this.maxBodySize = maxBodySize.asLongValue();
    }

    /** On the event loop also for blocking endpoints; completes with null to go on, or with the 408 or 413. */
    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> readWhole(ContainerRequestContext context, RoutingContext routing) {
        HttpServerRequest request = routing.request();
        boolean chunked = request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
        if ((BodySizeLimit.declaredLength(request) <= 0 && !chunked) || request.isEnded()) {
            return Uni.createFrom().nullItem();
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            request.response().writeContinue(); // the client waits for it before it sends the body
        }
        return Uni.createFrom().emitter(emitter -> {
            Read read = new Read();
            // The end or the timeout, whichever comes first, cancels the timer, and only it answers.
            long timer = vertx.setTimer(readTimeoutMillis, id -> emitter.complete(closing(routing, read.tooLarge
                    ? tooLarge()
                    : Problem.of(408, "The request body did not arrive within " + readTimeoutMillis + " ms"))));
            request.handler(part -> {
                if (read.tooLarge || read.body.length() + part.length() > maxBodySize) {
                    read.tooLarge = true; // read on and dropped: see Read
                } else {
                    read.body.appendBuffer(part);
                }
            });
            request.endHandler(end -> {
                if (!vertx.cancelTimer(timer)) {
                    return;
                }
                if (read.tooLarge) {
                    emitter.complete(closing(routing, tooLarge()));
                } else {
                    context.setEntityStream(new ByteArrayInputStream(read.body.getBytes()));
                    emitter.complete(null);
                }
            });
            // Quarkus pauses every request until a handler asks for its body.
            request.resume();
        });
    }

    private Problem tooLarge() {
        return Problem.of(413, "The request body is larger than " + maxBodySize + " bytes");
    }

    /**
     * A body being read. Past the limit the rest is read and dropped, and the 413 waits for its end (at most
     * the read timeout): closed with unread data, the connection would be reset, and a client still sending
     * could lose the answer with it.
     */
    private static final class Read {
        final Buffer body = Buffer.buffer();
        boolean tooLarge;
    }

    private static Response closing(RoutingContext routing, Problem problem) {
        routing.addEndHandler(ended -> routing.request().connection().close());
        return Response.fromResponse(problem.toResponse()).header(HttpHeaders.CONNECTION.toString(), "close").build();
    }
}
