package io.chat.gateway.transport;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.gateway.config.GatewayConfig;
import io.chat.problem.Problem;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * CORS for the reads a page on an allowed origin makes directly ({@code /events}, {@code /presence}), with
 * Vert.x's own handler on those paths only. Quarkus' global CORS filter would also answer refused
 * {@code /ws} upgrades with a bare 403 before {@code UpgradeGuard} can give them a problem body, and the
 * web client's own calls (same origin) need no CORS at all. A request from another origin is a 403 problem:
 * the handler fails it, which Quarkus would answer with a 500 page under the 403 status line.
 */
@ApplicationScoped
public class CrossOriginReads {

    static final List<String> PATHS = List.of("/events", "/presence");
    /** Before authentication: a preflight carries no token. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_CORS_MANAGEMENT + 1;

    private final List<String> allowedOrigins;
    private final ObjectMapper mapper;

    public CrossOriginReads(GatewayConfig config, ObjectMapper mapper) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        CorsHandler cors = CorsHandler.create().addOrigins(allowedOrigins)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.OPTIONS));
        PATHS.forEach(path -> router.route(path).order(ORDER).handler(cors).failureHandler(this::refused));
    }

    /** The handler's refusal: {@code fail(403)}, its reason phrase ("CORS Rejected - Invalid origin") already set. */
    private void refused(RoutingContext rc) {
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (rc.statusCode() == 403 && origin != null && !rc.response().headWritten()) {
            rc.response().setStatusMessage("Forbidden");
            Problem.of(403, "Origin " + origin + " may not call " + rc.normalizedPath()).send(rc.response(), mapper);
        } else {
            rc.next();
        }
    }
}
