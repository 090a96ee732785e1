package io.chat.contracts.events;

/**
 * One event type in one version: its name on the wire and the record its {@code data} is. A breaking
 * change to a payload adds a new version next to the old one; consumers skip versions they do not know.
 */
public record EventType<T>(String name, int version, Class<T> dataType) {
}
