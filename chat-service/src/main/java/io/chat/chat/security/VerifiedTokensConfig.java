package io.chat.chat.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@link VerifiedTokens}: how many verified tokens a service keeps (the least recently used go first). */
@ConfigMapping(prefix = "chat.security.verified-tokens")
public interface VerifiedTokensConfig {

    /** At most this many tokens (a few KiB each with their claims); 0 keeps none and verifies every request. */
    @WithDefault("10000")
    long maxSize();
}
