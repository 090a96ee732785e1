package io.chat.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness only: a relay thread that died cannot recover without a restart. Kafka being down is not a
 * reason to restart, nor to take the service out of rotation (its requests do not need Kafka), so
 * readiness does not look at the relay; the backlog shows in {@code outbox_oldest_age_seconds}.
 */
@Liveness
@ApplicationScoped
public class OutboxHealth implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealth(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay")
                .status(relay.isAlive())
                .withData("oldestPendingSeconds", Math.round(relay.oldestPendingSeconds()))
                .build();
    }
}
