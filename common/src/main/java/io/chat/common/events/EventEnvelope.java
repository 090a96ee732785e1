package io.chat.common.events;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What every domain event on Kafka looks like: the envelope is shared, {@code data} is the event's
 * own versioned payload record, defined by the publishing service. {@code key} is the aggregate id
 * and also the Kafka record key, so one aggregate's events keep their order.
 *
 * @param eventId unique per event; consumers drop repeats (the outbox delivers at least once)
 * @param type e.g. {@code user.created}, {@code message.created}
 * @param version version of the {@code data} shape for this type
 * @param occurredAt when the change was made (in the transaction that made it)
 */
@RegisterForReflection
public record EventEnvelope<T>(UUID eventId, String type, int version, Instant occurredAt, String key, T data) {
}
