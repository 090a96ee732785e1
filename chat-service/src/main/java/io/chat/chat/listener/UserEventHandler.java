package io.chat.chat.listener;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.chat.chat.service.UserDirectory;
import io.chat.contracts.events.EventReader.TypedEvent;
import io.chat.contracts.events.UserEvents;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Applies one user event to the directory, each attempt in its own transaction. A failure (the
 * database down, a room lock held past {@code lock_timeout}) is retried with exponential backoff:
 * 1 s, 2 s, 4 s, 8 s, 16 s by default, well below the consumer's poll interval limit. Tunable as
 * {@code quarkus.fault-tolerance."io.chat.chat.listener.UserEventHandler/apply".retry.max-retries} and
 * {@code ….retry.delay} (milliseconds).
 */
@ApplicationScoped
public class UserEventHandler {

    private final UserDirectory users;

    public UserEventHandler(UserDirectory users) {
        this.users = users;
    }

    @Retry(maxRetries = 5, delay = 1000, maxDuration = 60_000, jitter = 0)
    @ExponentialBackoff(factor = 2, maxDelay = 16_000)
    public void apply(TypedEvent<?> event) {
        event.as(UserEvents.USER_CREATED).or(() -> event.as(UserEvents.USER_UPDATED))
                .ifPresent(e -> users.upsert(e.data().id(), e.data().username(), e.data().displayName()));
        event.as(UserEvents.USER_DELETED).ifPresent(e -> users.deleted(e.data().id()));
    }
}
