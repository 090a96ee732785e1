package io.chat.gateway.connection;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * The bytes handed to every connection's transport on this instance and not yet written out, bounded by
 * {@code max-pending-bytes-total}: many stalled readers, each under its own {@code max-pending-bytes},
 * must not exhaust the pod. The hot path is one volatile read ({@link #wouldExceed}) and one atomic add per
 * write and per completion. Only a send that would cross the cap sheds: one thread at a time closes
 * offenders (connections holding more than their fair share of the cap), the most recently opened first,
 * until the total is under the cap again. Since the connections at or under their share hold at most the
 * cap together, closing offenders always gets there; older connections, and readers that keep up, keep
 * receiving.
 */
@ApplicationScoped
public class PendingOutput {

    private static final Logger LOG = Logger.getLogger(PendingOutput.class);
    private static final Comparator<Connection> NEWEST_FIRST = Comparator.comparing(Connection::connectedAt)
            .thenComparing(Connection::id).reversed();

    private final AtomicLong total = new AtomicLong();
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final long cap;
    private final GatewayMetrics metrics;
    private volatile Supplier<Collection<Connection>> connections = List::of;

    public PendingOutput(GatewayConfig config, GatewayMetrics metrics) {
        this.cap = config.limits().maxPendingBytesTotal();
        this.metrics = metrics;
        metrics.pendingBytes(total::get);
    }

    /** The connections shedding chooses from (the instance's open ones). */
    void connections(Supplier<Collection<Connection>> open) {
        this.connections = open;
    }

    boolean wouldExceed(int bytes) {
        return total.get() + bytes > cap;
    }

    void add(long bytes) {
        total.addAndGet(bytes);
    }

    /**
     * Closes offenders, newest first, until {@code incoming} more bytes fit under the cap. A no-op while
     * another thread sheds (it re-reads the total after each close).
     */
    void shed(int incoming) {
        if (!shedding.compareAndSet(false, true)) {
            return;
        }
        try {
            Collection<Connection> open = connections.get();
            long share = cap / Math.max(1, open.size());
            List<Connection> offenders = open.stream().filter(c -> c.pendingBytes() > share).sorted(NEWEST_FIRST).toList();
            for (Connection offender : offenders) {
                if (total.get() + incoming <= cap) {
                    break;
                }
                LOG.infof("Pending output of all connections (%d bytes) over the cap of %d, closing connection %s of user %s",
                        total.get(), cap, offender.id(), offender.userId());
                metrics.closed(GatewayMetrics.PENDING_TOTAL);
                offender.overTotal();
            }
        } finally {
            shedding.set(false);
        }
    }
}
