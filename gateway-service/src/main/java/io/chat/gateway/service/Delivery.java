package io.chat.gateway.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Writes one serialized frame to many connections; never blocks (each connection queues or is closed). */
@ApplicationScoped
public class Delivery {

    private final GatewayMetrics metrics;

    public Delivery(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param occurredAt the event's commit time, for the lag metric; {@code null} for gateway-made frames */
    public void deliver(List<Client> targets, OutboundFrame frame, Instant occurredAt) {
        for (Client client : targets) {
            client.send(frame);
        }
        metrics.delivered(targets.size(), occurredAt);
    }
}
