package io.chat.user.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.users")
public interface UserServiceConfig {

    Token token();

    Admin admin();

    /** Kafka topic of user events. */
    @WithDefault("user-events")
    String topic();

    interface Token {
        /** The {@code iss} claim; the other services verify it. */
        @WithDefault("https://chat.local/user-service")
        String issuer();

        @WithDefault("1h")
        Duration lifetime();
    }

    /** The admin account, created or updated at start when a password is configured. */
    interface Admin {
        @WithDefault("admin")
        String username();

        Optional<String> password();
    }
}
