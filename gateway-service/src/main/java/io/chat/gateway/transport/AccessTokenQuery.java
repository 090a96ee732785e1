package io.chat.gateway.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;

/**
 * Browsers cannot set headers on a WebSocket or EventSource request, so {@code /ws}, {@code /events} and {@code /stomp}
 * also take the token as {@code ?access_token=}: it becomes the Authorization header before
 * authentication, and the one JWT mechanism verifies both. A request that has the header keeps it.
 */
@ApplicationScoped
public class AccessTokenQuery {

    private static final int PRIORITY = 2000;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            String token = rc.request().getParam("access_token");
            if (token != null && (path.equals("/ws") || path.equals("/events") || path.equals("/stomp"))
                    && rc.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
                rc.request().headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            }
            rc.next();
        }, PRIORITY);
    }
}
