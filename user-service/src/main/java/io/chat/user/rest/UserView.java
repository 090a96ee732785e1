package io.chat.user.rest;

import java.time.Instant;
import java.util.UUID;

import io.chat.user.repository.User;

/** The public representation of a user: never a password or its hash. */
public record UserView(UUID id, String username, String displayName, Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id, user.username, user.displayName, user.createdAt);
    }
}
