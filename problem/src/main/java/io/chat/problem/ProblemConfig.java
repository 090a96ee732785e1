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
}
