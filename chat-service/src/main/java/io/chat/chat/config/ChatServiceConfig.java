package io.chat.chat.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.rooms")
public interface ChatServiceConfig {

    /** Kafka topic of room, membership and message events. */
    @WithDefault("chat-events")
    String topic();

    History history();

    Posts posts();

    interface History {
        /** Page size of GET /rooms/{id}/messages without {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest accepted {@code limit}. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Posts {
        /**
         * Longest wait of a post for the room's earlier posts on this instance ({@code RoomTurns}); then
         * 503 with Retry-After. The wait for the room's row lock in the database is bounded apart, by
         * {@code chat.db.lock-timeout}.
         */
        @WithDefault("2s")
        Duration turnTimeout();
    }
}
