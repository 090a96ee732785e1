package io.chat.chat.listener;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.chat.service.UserDirectory;
import io.chat.contracts.events.EventReader;
import io.chat.contracts.events.EventReader.TypedEvent;
import io.chat.contracts.events.UserEvents;
import io.smallrye.common.annotation.Blocking;

/**
 * Consumes user-service's events (group {@code chat-service}, shared by all replicas) into the local
 * user directory. Handling is idempotent, so a repeated event is harmless.
 */
@ApplicationScoped
public class UserEventListener {

    private static final Logger LOG = Logger.getLogger(UserEventListener.class);

    private final UserDirectory users;
    private final EventReader reader;

    public UserEventListener(UserDirectory users, ObjectMapper mapper) {
        this.users = users;
        this.reader = new EventReader(mapper, UserEvents.ALL);
    }

    @Incoming("user-events")
    @Blocking
    public void onUserEvent(String payload) {
        Optional<TypedEvent<?>> read;
        try {
            read = reader.read(payload);
        } catch (JsonProcessingException e) {
            LOG.warnf("Skipping an unreadable user event: %s", e.getOriginalMessage());
            return;
        }
        if (read.isEmpty()) {
            LOG.debugf("Skipping a user event of a type or version this service does not know: %s", payload);
            return;
        }
        TypedEvent<?> event = read.get();
        event.as(UserEvents.USER_CREATED).or(() -> event.as(UserEvents.USER_UPDATED))
                .ifPresent(e -> users.upsert(e.data().id(), e.data().username(), e.data().displayName()));
        event.as(UserEvents.USER_DELETED).ifPresent(e -> users.deleted(e.data().id()));
    }
}
