package io.chat.chat.config;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event types Jackson (de)serializes outside REST signatures (the outbox writes chat events, the
 * listener reads user events), registered for the native image.
 */
@RegisterForReflection(targets = { EventEnvelope.class, ChatEvents.RoomData.class, ChatEvents.MemberData.class,
        ChatEvents.MessageData.class, UserEvents.UserData.class })
public final class EventReflection {

    private EventReflection() {
    }
}
