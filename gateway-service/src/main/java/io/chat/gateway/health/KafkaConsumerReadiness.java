package io.chat.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.chat.gateway.listener.EventConsumer;

/** Ready once the event consumer has its partitions: before that, events would pass this instance by. */
@Readiness
@ApplicationScoped
public class KafkaConsumerReadiness implements HealthCheck {

    private final EventConsumer consumer;

    public KafkaConsumerReadiness(EventConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-event-consumer").status(consumer.assigned()).build();
    }
}
