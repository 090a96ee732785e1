package io.chat.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the transactional outbox relay. */
@ConfigMapping(prefix = "chat.outbox")
public interface OutboxConfig {

    /** How often the relay looks for events when no commit woke it (covers other instances' commits). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events sent to Kafka per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for Kafka to acknowledge a batch before it retries it. */
    @WithDefault("10s")
    Duration sendTimeout();

    /** Pause after the first failed attempt; it doubles with each further failure up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Upper bound of the back-off between failed attempts while Kafka is unavailable. */
    @WithDefault("2s")
    Duration maxBackoff();

    /**
     * Failed sends of one event, each while other events of the same attempt were delivered, before it
     * is parked in {@code outbox_parked}. Attempts in which nothing was delivered (Kafka down) do not count.
     */
    @WithDefault("10")
    int maxAttempts();
}
