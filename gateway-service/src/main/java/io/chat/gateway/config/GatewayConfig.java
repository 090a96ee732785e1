package io.chat.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.chat.contracts.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit, timeout and topic of the gateway; the table in docs/gateway.md lists them. */
@ConfigMapping(prefix = "chat.gateway")
public interface GatewayConfig {

    /** This instance's id in the cluster registry and in its Kafka consumer groups; random per start by default. */
    @WithDefault("${quarkus.uuid}")
    String instanceId();

    /** Browser origins allowed to open {@code /ws} (none by default); a request without Origin is always allowed. */
    Optional<List<String>> allowedOrigins();

    KafkaTopics topics();

    Limits limits();

    Presence presence();

    Poll poll();

    Stomp stomp();

    ServiceToken serviceToken();

    /** The gateway's own credential for chat-service's {@code /internal} reads (client.ServiceToken). */
    interface ServiceToken {
        /** The gateway's RSA private key (PEM, PKCS#8), read at run time: {@code GATEWAY_SIGNING_KEY_LOCATION}. */
        String signingKeyLocation();

        @WithDefault("https://chat.local/gateway-service")
        String issuer();

        /** {@code aud}: chat-service accepts only tokens meant for it. */
        @WithDefault("chat-service")
        String audience();

        /** How long a service token is valid. */
        @WithDefault("5m")
        Duration lifetime();

        /** A cached token is replaced this long before it expires, so no call carries one about to expire. */
        @WithDefault("1m")
        Duration renewBefore();
    }

    interface KafkaTopics {
        @WithDefault(Topics.CHAT_EVENTS)
        String chatEvents();

        @WithDefault(Topics.USER_EVENTS)
        String userEvents();

        /** Connection snapshots and heartbeats of every gateway instance. */
        @WithDefault(Topics.GATEWAY_PRESENCE)
        String presence();

        /** Admin commands and typing signals, consumed by every instance. */
        @WithDefault(Topics.GATEWAY_COMMANDS)
        String commands();
    }

    interface Limits {
        /** Largest client frame handled; larger ones get an {@code error} frame. */
        @WithDefault("65536")
        int maxFrameBytes();

        /** Client frames per second a connection may send on average. */
        @WithDefault("20")
        int inboundRate();

        /** Client frames a connection may send in one burst; past it the connection is closed with 1008. */
        @WithDefault("60")
        int inboundBurst();

        /** Minimum time between two forwarded typing signals of one connection in one room. */
        @WithDefault("1s")
        Duration typingInterval();

        /**
         * Bytes handed to a connection but not yet written out (a socket's unflushed frames, an SSE stream's
         * events the response has not taken); past it a socket is closed with 1013, a stream ended.
         */
        @WithDefault("1048576")
        long maxPendingBytes();

        /**
         * The same bytes summed over every connection of the instance; a send that would cross it closes the
         * newest offenders with 1013 (connection.PendingOutput). A quarter of the JVM pod's 1 GiB limit.
         */
        @WithDefault("268435456")
        long maxPendingBytesTotal();

        /** An SSE stream gets a comment line this often, so proxies keep it open while no event flows. */
        @WithDefault("20s")
        Duration sseKeepAlive();

        /** A connection that sent nothing (not even a pong) for this long is closed. */
        @WithDefault("90s")
        Duration idleTimeout();

        /**
         * WebSocket, SSE (and any later transport's) connections one user may hold on one instance; the
         * next upgrade is refused with 429.
         */
        @WithDefault("10")
        int maxConnectionsPerUser();

        /**
         * How long a deleted user's tokens are refused after {@code user.deleted}: at least the longest
         * access-token lifetime (1h) plus clock skew.
         */
        @WithDefault("65m")
        Duration deletedUserRetention();

        /** User ids one {@code GET /presence} may ask about; more is a 400. */
        @WithDefault("50")
        int maxPresenceIds();

        /** Messages a {@code resume} replays per room at most; past it {@code resumed} says {@code truncated}. */
        @WithDefault("1000")
        int resumeMaxMessages();

        /** Event ids remembered to drop repeats (at-least-once delivery from the outbox). */
        @WithDefault("100000")
        int dedupCapacity();
    }

    interface Presence {
        /** How soon a change of this instance's connections is published (and how often idle ones are swept). */
        @WithDefault("500ms")
        Duration snapshotInterval();

        /** Connections per presence record; a snapshot of more connections is sent as several pages. */
        @WithDefault("2000")
        int snapshotPageSize();

        /** How often an instance republishes its connection snapshot. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** An instance whose last snapshot is older than this is dropped from the registry. */
        @WithDefault("15s")
        Duration expiry();
    }

    interface Poll {
        /** A long-poll session not polled for this long ends, like a closed connection. */
        @WithDefault("60s")
        Duration sessionExpiry();

        /** How long a poll without {@code wait=} is held while there is no event. */
        @WithDefault("25s")
        Duration defaultWait();

        /** The longest {@code wait=} a poll may ask for; a longer one is a 400. */
        @WithDefault("30s")
        Duration maxWait();
    }

    interface Stomp {
        /** The heart-beat the server offers in {@code CONNECTED}, both ways (STOMP negotiates the larger). */
        @WithDefault("10s")
        Duration heartBeat();
    }
}
