package io.chat.gateway.transport.ws;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.ConnectionService;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Refuses upgrades from browser origins outside {@code chat.gateway.allowed-origins} (403); a request
 * without an Origin header (a non-browser client) passes. While shutting down, every upgrade gets 503.
 */
@ApplicationScoped
public class UpgradeCheck implements HttpUpgradeCheck {

    private final List<String> allowedOrigins;
    private final ConnectionService connections;

    public UpgradeCheck(GatewayConfig config, ConnectionService connections) {
        this.allowedOrigins = config.allowedOrigins().orElse(List.of());
        this.connections = connections;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!connections.accepting()) {
            return CheckResult.rejectUpgrade(503);
        }
        String origin = context.httpRequest().getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            return CheckResult.rejectUpgrade(403);
        }
        return CheckResult.permitUpgrade();
    }
}
