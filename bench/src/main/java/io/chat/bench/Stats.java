package io.chat.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latency samples in microseconds, summarised as percentiles. */
final class Stats {

    private final List<Long> micros = Collections.synchronizedList(new ArrayList<>());

    void add(long valueMicros) {
        micros.add(valueMicros);
    }

    int count() {
        return micros.size();
    }

    /** The p-th percentile in milliseconds (nearest rank). */
    double percentileMillis(double p) {
        List<Long> sorted;
        synchronized (micros) {
            sorted = new ArrayList<>(micros);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1000.0;
    }

    String summary() {
        return percentiles().toString();
    }

    Percentiles percentiles() {
        return new Percentiles(percentileMillis(50), percentileMillis(99), percentileMillis(100), count());
    }

    /** A summary in milliseconds that travels as JSON between the bench's processes. */
    record Percentiles(double p50, double p99, double max, int n) {
        @Override
        public String toString() {
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", p50, p99, max, n);
        }
    }
}
