package io.chat.gateway.admin;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.fanout.Frames;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * Carries out an admin's send or close from {@code gateway-commands}: every instance receives it, the one
 * holding the connection acts.
 */
@ApplicationScoped
public class AdminCommands {

    private static final Logger LOG = Logger.getLogger(AdminCommands.class);

    private final ConnectionService connections;
    private final Frames frames;
    private final GatewayMetrics metrics;

    public AdminCommands(ConnectionService connections, Frames frames, GatewayMetrics metrics) {
        this.connections = connections;
        this.frames = frames;
        this.metrics = metrics;
    }

    /** Sends {@code {"type":"admin","data":<data>}} to the connection. */
    public void send(String connectionId, JsonNode data) {
        connections.local(connectionId).ifPresent(c -> c.send(frames.admin(data)));
    }

    /** Closes the connection with 1008. */
    public void close(String connectionId) {
        connections.local(connectionId).ifPresent(c -> {
            LOG.infof("Closing connection %s of user %s on an admin's request", c.id(), c.userId());
            metrics.closed(GatewayMetrics.ADMIN);
            c.close(CloseCode.POLICY_VIOLATION, "closed by an administrator");
        });
    }
}
