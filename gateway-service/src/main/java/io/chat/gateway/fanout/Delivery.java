package io.chat.gateway.fanout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.metrics.GatewayMetrics;

/**
 * Writes one serialized frame to many connections; never blocks (each connection queues or is closed).
 * Inside {@link #batch} (a Kafka poll's records), the frames are collected per connection and handed over
 * at the end of the batch, each connection's back to back: a connection's writes then reach its event loop
 * together and go out with one flush (Vert.x flushes when its queue of writes from other threads drains),
 * instead of one flush per frame between the other connections' writes.
 */
@ApplicationScoped
public class Delivery {

    private final GatewayMetrics metrics;
    /** The batch the current thread is collecting, if any (a channel's batches run on one thread at a time). */
    private final ThreadLocal<Batch> batch = new ThreadLocal<>();

    public Delivery(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param occurredAt the event's commit time, for the lag metric; {@code null} for gateway-made frames */
    public void deliver(List<Recipient> targets, OutboundFrame frame, Instant occurredAt) {
        Batch current = batch.get();
        if (current != null) {
            current.add(targets, frame, occurredAt);
            return;
        }
        for (Recipient target : targets) {
            target.send(frame);
        }
        metrics.delivered(targets.size(), occurredAt);
    }

    /**
     * Runs {@code work} (which may {@link #deliver} many times) and then hands each connection its frames,
     * in the order they were delivered. Membership and targets are decided as each event is handled, so
     * the rules of the fan-out are those of {@link #deliver}; only the hand-over moves to the batch's end.
     */
    public void batch(Runnable work) {
        Batch current = new Batch(System.nanoTime());
        batch.set(current);
        try {
            work.run();
        } finally {
            batch.remove();
            current.send(metrics);
        }
    }

    private static final class Batch {
        /** When the poll reached the listener: the start of the gateway's share of each event's latency. */
        private final long consumedAt;
        /** Connections have identity only; insertion order is not needed across connections. */
        private final Map<Recipient, List<OutboundFrame>> frames = new IdentityHashMap<>();
        private final List<Instant> occurred = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();

        Batch(long consumedAt) {
            this.consumedAt = consumedAt;
        }

        void add(List<Recipient> targets, OutboundFrame frame, Instant occurredAt) {
            for (Recipient target : targets) {
                frames.computeIfAbsent(target, t -> new ArrayList<>(1)).add(frame);
            }
            counts.add(targets.size());
            occurred.add(occurredAt);
        }

        void send(GatewayMetrics metrics) {
            Runnable written = () -> metrics.fanoutWritten(System.nanoTime() - consumedAt);
            frames.forEach((target, list) -> list.forEach(frame -> target.send(frame, written)));
            for (int i = 0; i < counts.size(); i++) {
                metrics.delivered(counts.get(i), occurred.get(i));
            }
        }
    }
}
