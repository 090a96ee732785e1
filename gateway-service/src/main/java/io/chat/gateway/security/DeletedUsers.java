package io.chat.gateway.security;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.config.GatewayConfig;
import io.chat.security.DeletedUserDirectory;

/**
 * The users whose {@code user.deleted} this instance consumed, remembered as long as a token issued
 * before the deletion can still be valid ({@code deleted-user-retention}): their tokens are refused (401).
 * A gateway started after a deletion learns it from chat-service at connect (410, close 4003).
 */
@ApplicationScoped
public class DeletedUsers implements DeletedUserDirectory {

    private final GatewayConfig.Limits limits;
    /** userId → when it was deleted. */
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();

    public DeletedUsers(GatewayConfig config) {
        this.limits = config.limits();
    }

    public void add(String userId) {
        deleted.put(userId, Instant.now());
    }

    @Override
    public boolean contains(String userId) {
        return deleted.containsKey(userId);
    }

    /** Forgets deletions older than the retention (their tokens have expired). */
    public void prune() {
        Instant cutoff = Instant.now().minus(limits.deletedUserRetention());
        deleted.values().removeIf(at -> at.isBefore(cutoff));
    }
}
