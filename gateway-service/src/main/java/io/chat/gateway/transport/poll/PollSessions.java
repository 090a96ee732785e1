package io.chat.gateway.transport.poll;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.ConnectionService;
import io.chat.gateway.metrics.GatewayMetrics;
import io.chat.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The long-poll sessions of this instance; each is a {@link Connection} of the shared connection model. */
@ApplicationScoped
public class PollSessions {

    private static final int UNAVAILABLE = 503;

    private final ConnectionService connections;
    private final Vertx vertx;
    private final GatewayMetrics metrics;
    private final GatewayConfig.Poll config;
    private final int maxConnectionsPerUser;
    private final Map<String, PollSession> sessions = new ConcurrentHashMap<>();

    public PollSessions(ConnectionService connections, Vertx vertx, GatewayMetrics metrics, GatewayConfig config) {
        this.connections = connections;
        this.vertx = vertx;
        this.metrics = metrics;
        this.config = config.poll();
        this.maxConnectionsPerUser = config.limits().maxConnectionsPerUser();
    }

    /** Opens a session like any connection (rooms, registry, {@code welcome} as its first event). */
    Uni<PollSession> open(String userId, Instant tokenExpiresAt, String remoteAddress) {
        if (!connections.accepting()) {
            return Uni.createFrom().failure(new ProblemException(UNAVAILABLE, "The gateway is shutting down"));
        }
        if (!connections.admit(userId)) {
            return Uni.createFrom().failure(ProblemException.tooManyRequests(
                    "At most " + maxConnectionsPerUser + " connections per user", 0));
        }
        PollSession session = new PollSession(UUID.randomUUID().toString(), userId, vertx, config.sessionExpiry(), metrics,
                this::ended);
        Connection connection = connections.accept(session, session.id(), userId, tokenExpiresAt, Instant.now(),
                remoteAddress);
        session.attach(connection);
        sessions.put(session.id(), session);
        return connections.open(connection).map(opened -> {
            if (!connection.isOpen()) {
                throw new ProblemException(UNAVAILABLE, "The session could not be set up; try again");
            }
            return session;
        });
    }

    /** The user's own open session; any other (ended, unknown, someone else's) is a 404. */
    PollSession get(String sessionId, String userId) {
        return Optional.ofNullable(sessions.get(sessionId)).filter(s -> s.userId().equals(userId))
                .orElseThrow(() -> ProblemException.notFound("No open session " + sessionId));
    }

    private void ended(PollSession session) {
        sessions.remove(session.id());
        connections.closed(session.connection());
    }
}
