package io.chat.bench;

import java.time.Duration;

/** The measured part of a run, in {@link System#nanoTime()}: it starts after a warm-up. */
record Window(long start, long end) {

    static Window after(Duration warmup, Duration measured) {
        long start = System.nanoTime() + warmup.toNanos();
        return new Window(start, start + measured.toNanos());
    }

    boolean contains(long nanos) {
        return nanos >= start && nanos < end;
    }

    double seconds() {
        return (end - start) / 1e9;
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
