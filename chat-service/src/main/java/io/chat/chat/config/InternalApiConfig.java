package io.chat.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's {@code /internal} reads: the service tokens they accept (verified with the gateway's
 * public key, {@code chat.gateway.publickey-location} in {@link RequiredConfig}) and their limits.
 */
@ConfigMapping(prefix = "chat.internal")
public interface InternalApiConfig {

    /** {@code iss} of the gateway's service tokens. */
    @WithDefault("https://chat.local/gateway-service")
    String gatewayIssuer();

    /** {@code aud} the gateway's service tokens must carry. */
    @WithDefault("chat-service")
    String audience();

    Messages messages();

    interface Messages {
        /** Page size of {@code GET /internal/rooms/{id}/messages} without {@code limit}. */
        @WithDefault("1000")
        int defaultLimit();

        /** Largest accepted {@code limit} (resume replays up to 1000 and asks one more to see a truncation). */
        @WithDefault("1001")
        int maxLimit();
    }
}
