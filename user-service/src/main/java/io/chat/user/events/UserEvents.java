package io.chat.user.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The payloads ({@code data}) of user-service's events on the {@code user-events} topic, keyed by
 * user id. Version 1 of each type; a breaking change adds a new version next to it.
 */
public final class UserEvents {

    public static final String CREATED = "user.created";
    public static final String UPDATED = "user.updated";
    public static final String DELETED = "user.deleted";
    public static final int VERSION = 1;

    private UserEvents() {
    }

    /** {@code user.created} and {@code user.updated}, v1: the public user. */
    @RegisterForReflection
    public record UserData(UUID id, String username, String displayName, Instant createdAt) {
    }

    /** {@code user.deleted}, v1. */
    @RegisterForReflection
    public record UserDeletedData(UUID id, String username) {
    }
}
