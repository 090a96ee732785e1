package io.chat.gateway.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The gateway's meters, exported at {@code /q/metrics} with the prefix {@code gateway_}. */
@ApplicationScoped
public class GatewayMetrics {

    /** Reasons of {@link #closed}. */
    public static final String SLOW_CONSUMER = "slow-consumer";
    /** Closed (1013) to bring the instance's pending output under {@code max-pending-bytes-total}. */
    public static final String PENDING_TOTAL = "pending-total";
    public static final String FLOOD = "flood";
    public static final String IDLE = "idle";
    public static final String ADMIN = "admin";
    public static final String TOKEN_EXPIRED = "token-expired";
    public static final String USER_DELETED = "user-deleted";

    private final MeterRegistry registry;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter deliveries;
    private final Counter duplicates;
    private final Timer eventLag;
    private final Timer fanoutWrite;
    private final DistributionSummary pollRecords;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.framesIn = Counter.builder("gateway.frames.in").description("Client frames received").register(registry);
        this.framesOut = Counter.builder("gateway.frames.out").description("Frames queued to clients").register(registry);
        this.deliveries = Counter.builder("gateway.fanout.deliveries")
                .description("Event deliveries to connections (one event to N connections counts N)").register(registry);
        this.duplicates = Counter.builder("gateway.events.duplicates").description("Events dropped as repeats")
                .register(registry);
        this.eventLag = Timer.builder("gateway.event.lag")
                .description("Time from an event's commit (occurredAt) until the gateway wrote it to connections")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.fanoutWrite = Timer.builder("gateway.fanout.write")
                .description("The gateway's share of a chat event's latency: its Kafka poll handed to the listener until"
                        + " the transport wrote the frame out, per delivery")
                .publishPercentiles(0.5, 0.99, 0.999).register(registry);
        this.pollRecords = DistributionSummary.builder("gateway.poll.records")
                .description("Records per Kafka poll of chat-events: a connection's frames of one poll leave in one write")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void openConnections(Supplier<Number> count) {
        Gauge.builder("gateway.connections.open", count).description("Open WebSocket and SSE connections")
                .register(registry);
    }

    public void pendingBytes(Supplier<Number> total) {
        Gauge.builder("gateway.pending.bytes", total)
                .description("Bytes handed to connections and not yet written out, all connections of the instance")
                .baseUnit("bytes").register(registry);
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void frameOut() {
        framesOut.increment();
    }

    public void delivered(int connections, Instant occurredAt) {
        deliveries.increment(connections);
        if (occurredAt != null && connections > 0) {
            eventLag.record(Duration.between(occurredAt, Instant.now()));
        }
    }

    /** A chat event's frame written out to one connection, {@code nanos} after its poll reached the listener. */
    public void fanoutWritten(long nanos) {
        fanoutWrite.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A poll of chat-events handed to the listener, with {@code records} records. */
    public void polled(int records) {
        pollRecords.record(records);
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** A Kafka record that could not be read or handled, so it was skipped. */
    public void skipped(String topic) {
        registry.counter("gateway.records.skipped", "topic", topic).increment();
    }

    /** A connection closed by the gateway, by reason: {@link #SLOW_CONSUMER}, {@link #PENDING_TOTAL}, {@link #FLOOD}, {@link #IDLE}, {@link #ADMIN},
     * {@link #TOKEN_EXPIRED}, {@link #USER_DELETED}. */
    public void closed(String reason) {
        registry.counter("gateway.connections.closed", "reason", reason).increment();
    }
}
