package io.chat.user.config;

import java.time.Duration;
import java.util.Optional;

import io.chat.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** user-service's settings; the README's tables list each with its default. */
@ConfigMapping(prefix = "chat.users")
public interface UserServiceConfig {

    Token token();

    Refresh refresh();

    Admin admin();

    Lockout lockout();

    Limits limits();

    /** Kafka topic of user events. */
    @WithDefault(Topics.USER_EVENTS)
    String topic();

    interface Token {
        /** The {@code iss} claim; the other services verify it. */
        @WithDefault("https://chat.local/user-service")
        String issuer();

        /** The {@code aud} claim; every service verifies it. */
        @WithDefault("chat")
        String audience();

        @WithDefault("1h")
        Duration lifetime();
    }

    /** Refresh tokens: opaque, stored as hashes, rotated on every use. */
    interface Refresh {
        @WithDefault("30d")
        Duration lifetime();

        /** Logins (refresh token families) a user may hold at once; the oldest is revoked past it. */
        @WithDefault("20")
        int maxPerUser();

        /** How long a rotated token is remembered, so that presenting it again revokes its family. */
        @WithDefault("7d")
        Duration reuseDetection();
    }

    /** The admin account, created or updated at start when a password is configured. */
    interface Admin {
        @WithDefault("admin")
        String username();

        Optional<String> password();
    }

    /** Per-username lockout of {@code POST /auth/token} after failed attempts. */
    interface Lockout {
        /** Failed attempts within {@link #window()} after which the username is locked. */
        @WithDefault("10")
        int maxFailures();

        /** Counting window, and how long a lock lasts from its first failure. */
        @WithDefault("10m")
        Duration window();
    }

    /** Per-client-IP rates (each instance counts its own clients). */
    interface Limits {
        /** {@code POST /auth/token} (and refresh) requests per minute from one IP address. */
        @WithDefault("60")
        int tokenRequestsPerMinute();

        /** {@code POST /users} registrations per minute from one IP address. */
        @WithDefault("10")
        int registrationsPerMinute();

        /** Client addresses tracked at once; the least recently seen are forgotten past it. */
        @WithDefault("100000")
        int trackedClients();
    }
}
