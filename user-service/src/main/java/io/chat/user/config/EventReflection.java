package io.chat.user.config;

import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The event types Jackson writes outside REST signatures (the outbox), registered for the native image. */
@RegisterForReflection(targets = { EventEnvelope.class, UserEvents.UserData.class })
public final class EventReflection {

    private EventReflection() {
    }
}
