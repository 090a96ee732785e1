package io.chat.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.chat.gateway.listener.PartitionAssignments;
import io.smallrye.common.annotation.Identifier;

/**
 * Ready once every incoming channel has its partitions: before that, events would pass this instance by.
 * (The connector's own readiness, a live broker connection, is off: a Kafka outage must not take every
 * gateway out of service. Its liveness stays on: a channel that failed for good fails liveness.)
 */
@Readiness
@ApplicationScoped
public class KafkaConsumerReadiness implements HealthCheck {

    private final PartitionAssignments assignments;

    public KafkaConsumerReadiness(@Identifier(PartitionAssignments.NAME) PartitionAssignments assignments) {
        this.assignments = assignments;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-event-consumer").status(assignments.complete()).build();
    }
}
