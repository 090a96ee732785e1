package io.chat.chat.events;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.chat.service.UserDirectory;
import io.smallrye.common.annotation.Blocking;

/**
 * Consumes user-service's events (group {@code chat-service}, shared by all replicas). Handling is
 * idempotent, so a repeated event is harmless.
 */
@ApplicationScoped
public class UserEventConsumer {

    private static final Logger LOG = Logger.getLogger(UserEventConsumer.class);

    private final UserDirectory users;
    private final ObjectMapper mapper;

    public UserEventConsumer(UserDirectory users, ObjectMapper mapper) {
        this.users = users;
        this.mapper = mapper;
    }

    @Incoming("user-events")
    @Blocking
    public void onUserEvent(String payload) {
        JsonNode event;
        UUID userId;
        try {
            event = mapper.readTree(payload);
            userId = UUID.fromString(event.path("data").path("id").asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Skipping an unreadable user event: %s", e.getMessage());
            return;
        }
        JsonNode data = event.path("data");
        switch (event.path("type").asText()) {
            case "user.created", "user.updated" ->
                users.upsert(userId, data.path("username").asText(), data.path("displayName").asText());
            case "user.deleted" -> users.deleted(userId);
            default -> LOG.debugf("Ignoring user event type %s", event.path("type").asText());
        }
    }
}
