package io.chat.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "chat.rooms")
public interface ChatServiceConfig {

    /** Kafka topic of room, membership and message events. */
    @WithDefault("chat-events")
    String topic();

    History history();

    interface History {
        /** Page size of GET /rooms/{id}/messages without {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** Largest accepted {@code limit}. */
        @WithDefault("200")
        int maxLimit();
    }
}
