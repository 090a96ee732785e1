package io.chat.gateway.webclient;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the web client's {@code /api/...} routes go, and how long the gateway waits for them. */
@ConfigMapping(prefix = "chat.gateway.web-client")
public interface WebClientConfig {

    /** user-service ({@code USER_SERVICE_URL}), for {@code /api/users} and {@code /api/auth}. */
    URI usersUrl();

    /** chat-service, for {@code /api/rooms} and {@code /api/dms}; the one the gateway asks for memberships by default. */
    @WithDefault("${quarkus.rest-client.chat-service.url}")
    URI chatUrl();

    /** A service not accepting the connection within this time: 504. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** A service sending nothing for this long while the gateway waits for its answer: 504. */
    @WithDefault("10s")
    Duration timeout();
}
