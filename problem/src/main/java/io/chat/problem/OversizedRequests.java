package io.chat.problem;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests too large to handle get problem bodies too: a request target over
 * {@code chat.problem.max-url-length} a 414, and a body that turns out too large while it is read
 * (chunked, so {@link BodySizeLimit} could not see it coming) the 413 Vert.x fails the request with,
 * which would otherwise be answered without a body.
 */
@ApplicationScoped
public class OversizedRequests {

    /** Before {@link BodySizeLimit} and every other route. */
    private static final int PRIORITY = 1100;
    private static final Set<Integer> TOO_LARGE = Set.of(413, 414, 431);

    private final ObjectMapper mapper;
    private final int maxUrlLength;

    public OversizedRequests(ObjectMapper mapper, ProblemConfig config) {
        this.mapper = mapper;
        this.maxUrlLength = config.maxUrlLength();
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (rc.request().uri().length() > maxUrlLength) {
                answer(rc, 414, "The request target is longer than " + maxUrlLength + " characters");
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    /** First of the failure handlers: only the bare size failures, everything else goes on to Quarkus. */
    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.failure() == null && TOO_LARGE.contains(rc.statusCode()) && !rc.response().headWritten()) {
                answer(rc, rc.statusCode(), "The request is too large");
            } else {
                rc.next();
            }
        });
    }

    private void answer(RoutingContext rc, int status, String detail) {
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        Problem.of(status, detail).send(rc.response(), mapper);
    }
}
