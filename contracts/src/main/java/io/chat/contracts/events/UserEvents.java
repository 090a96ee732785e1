package io.chat.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events of user-service on {@link io.chat.contracts.Topics#USER_EVENTS}, keyed by user id. */
public final class UserEvents {

    /** The public user: never a password or its hash. */
    public record UserData(UUID id, String username, String displayName, Instant createdAt) {
    }

    public static final EventType<UserData> USER_CREATED = new EventType<>("user.created", 1, UserData.class);
    /** The display name changed. */
    public static final EventType<UserData> USER_UPDATED = new EventType<>("user.updated", 1, UserData.class);
    /** The user as they were; API.md gives clients the whole user in {@code user.deleted} (v1 carried only id and username). */
    public static final EventType<UserData> USER_DELETED = new EventType<>("user.deleted", 1, UserData.class);

    public static final List<EventType<?>> ALL = List.of(USER_CREATED, USER_UPDATED, USER_DELETED);

    private UserEvents() {
    }
}
