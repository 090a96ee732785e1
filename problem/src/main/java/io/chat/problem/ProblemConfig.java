package io.chat.problem;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How error answers are shaped. */
@ConfigMapping(prefix = "chat.problem")
public interface ProblemConfig {

    /** {@code Retry-After} of a 503 when the database is unavailable (down, out of connections, timed out). */
    @WithDefault("2s")
    Duration retryAfter();

    /**
     * Longest request target (path and query) answered with anything but a 414 problem. Keep it below
     * {@code quarkus.http.limits.max-initial-line-length}, past which the HTTP decoder answers a bare 414.
     */
    @WithDefault("4000")
    int maxUrlLength();
}
