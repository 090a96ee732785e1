package io.chat.gateway.config;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.UserEvents;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event types Jackson reads from Kafka and writes into frames outside REST signatures, registered
 * for the native image (contracts has no Quarkus annotations).
 */
@RegisterForReflection(targets = { EventEnvelope.class, ChatEvents.RoomData.class, ChatEvents.MemberData.class,
        ChatEvents.MessageData.class, UserEvents.UserData.class })
public final class EventReflection {

    private EventReflection() {
    }
}
