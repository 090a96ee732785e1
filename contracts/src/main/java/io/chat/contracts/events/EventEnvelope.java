package io.chat.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What every domain event on Kafka looks like: the envelope is shared, {@code data} is the payload of
 * the event's {@link EventType}. {@code key} is the aggregate id and also the Kafka record key, so one
 * aggregate's events keep their order.
 *
 * @param eventId unique per event; consumers drop repeats (the outbox delivers at least once)
 * @param type e.g. {@code user.created}, {@code message.created}
 * @param version version of the {@code data} shape for this type
 * @param occurredAt when the change was made (in the transaction that made it)
 */
public record EventEnvelope<T>(UUID eventId, String type, int version, Instant occurredAt, String key, T data) {

    /** A new event of the given type about the aggregate {@code key}. */
    public static <T> EventEnvelope<T> of(EventType<T> type, String key, T data) {
        return new EventEnvelope<>(UUID.randomUUID(), type.name(), type.version(), Instant.now(), key, data);
    }
}
