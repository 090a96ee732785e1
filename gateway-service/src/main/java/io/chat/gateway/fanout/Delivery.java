package io.chat.gateway.fanout;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.metrics.GatewayMetrics;

/** Writes one serialized frame to many connections; never blocks (each connection queues or is closed). */
@ApplicationScoped
public class Delivery {

    private final GatewayMetrics metrics;

    public Delivery(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param occurredAt the event's commit time, for the lag metric; {@code null} for gateway-made frames */
    public void deliver(List<Recipient> targets, OutboundFrame frame, Instant occurredAt) {
        for (Recipient target : targets) {
            target.send(frame);
        }
        metrics.delivered(targets.size(), occurredAt);
    }
}
