package io.chat.gateway.transport;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.chat.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * CORS for the reads a page on an allowed origin makes directly ({@code /events}, {@code /presence}), with
 * Vert.x's own handler on those paths only. Quarkus' global CORS filter would also answer refused
 * {@code /ws} upgrades with a bare 403 before {@code UpgradeGuard} can give them a problem body, and the
 * web client's own calls (same origin) need no CORS at all.
 */
@ApplicationScoped
public class CrossOriginReads {

    static final List<String> PATHS = List.of("/events", "/presence");
    /** Before authentication: a preflight carries no token. */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_CORS_MANAGEMENT + 1;

    private final List<String> allowedOrigins;

    public CrossOriginReads(GatewayConfig config) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
    }

    void register(@Observes Router router) {
        CorsHandler cors = CorsHandler.create().addOrigins(allowedOrigins)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.OPTIONS));
        PATHS.forEach(path -> router.route(path).order(ORDER).handler(cors));
    }
}
