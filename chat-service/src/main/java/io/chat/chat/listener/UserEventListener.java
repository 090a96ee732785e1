package io.chat.chat.listener;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.events.EventReader;
import io.chat.contracts.events.EventReader.TypedEvent;
import io.chat.contracts.events.UserEvents;
import io.smallrye.common.annotation.Blocking;

/**
 * Consumes user-service's events (group {@code chat-service}, shared by all replicas) into the local
 * user directory, one at a time in partition order. An event that cannot be applied, even after the
 * handler's retries, fails its message: the connector's dead-letter strategy then moves it to the
 * dead-letter topic and the partition goes on. Handling is idempotent, so a repeated event is harmless.
 */
@ApplicationScoped
public class UserEventListener {

    private static final Logger LOG = Logger.getLogger(UserEventListener.class);

    private final UserEventHandler handler;
    private final EventReader reader;

    public UserEventListener(UserEventHandler handler, ObjectMapper mapper) {
        this.handler = handler;
        this.reader = new EventReader(mapper, UserEvents.ALL);
    }

    @Incoming("user-events")
    @Blocking
    public void onUserEvent(String payload) {
        Optional<TypedEvent<?>> read;
        try {
            read = reader.read(payload);
        } catch (JsonProcessingException e) {
            // Reading it again cannot help: straight to the dead-letter topic.
            LOG.errorf("Unreadable user event, moved to the dead-letter topic: %s", e.getOriginalMessage());
            throw new IllegalArgumentException("Unreadable user event: " + e.getOriginalMessage(), e);
        }
        if (read.isEmpty()) {
            LOG.debugf("Skipping a user event of a type or version this service does not know: %s", payload);
            return;
        }
        TypedEvent<?> event = read.get();
        try {
            handler.apply(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "User event %s (%s of user %s) failed after retries, moved to the dead-letter topic",
                    event.envelope().eventId(), event.type().name(), event.envelope().key());
            throw e;
        }
    }
}
