package io.chat.chat.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** chat-service's view of user-service's users (the user-events projection). */
@ConfigMapping(prefix = "chat.directory")
public interface DirectoryConfig {

    /**
     * How often every replica reloads the deleted users from the database; a deleted user's tokens are
     * refused at most this long after the replica that consumed {@code user.deleted} committed it.
     */
    @WithDefault("1s")
    Duration deletedRefreshInterval();

    /**
     * How long a deleted user is remembered: at least the longest access-token lifetime user-service
     * issues ({@code chat.users.token.lifetime}, 1h) plus the verifiers' clock skew. Older entries are pruned.
     */
    @WithDefault("65m")
    Duration deletedRetention();
}
