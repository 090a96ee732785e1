package io.chat.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a declared body over {@code quarkus.http.limits.max-body-size} with a 413 problem before it
 * is read. (Vert.x enforces the same limit on bodies without a Content-Length, with a bare 413.)
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Before every other route, so the body is never buffered. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        long limit = maxBodySize.asLongValue();
        Problem tooLarge = Problem.of(413, "The request body is larger than " + limit + " bytes");
        filters.register(rc -> {
            if (declaredLength(rc.request()) > limit) {
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                tooLarge.send(rc.response(), mapper);
                return;
            }
            rc.next();
        }, PRIORITY);
    }

    /** The request's Content-Length, or -1 when it has none or one that is not a number. */
    static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
