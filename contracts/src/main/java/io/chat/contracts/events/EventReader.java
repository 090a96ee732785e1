package io.chat.contracts.events;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads event envelopes from their JSON into the payload record of their {@link EventType}. A type or
 * version the reader does not know is not an error: it is returned as empty, so a consumer skips (and
 * logs) events from a newer producer instead of failing on them.
 */
public final class EventReader {

    /** An event whose payload has been read as the record of its type. */
    public record TypedEvent<T>(EventType<T> type, EventEnvelope<T> envelope) {

        public T data() {
            return envelope.data();
        }

        /** This event as the given type, if it is of that type. */
        @SuppressWarnings("unchecked")
        public <U> Optional<EventEnvelope<U>> as(EventType<U> other) {
            return type.equals(other) ? Optional.of((EventEnvelope<U>) envelope) : Optional.empty();
        }
    }

    private final ObjectMapper mapper;
    private final Map<String, EventType<?>> types = new HashMap<>();

    public EventReader(ObjectMapper mapper, List<EventType<?>> known) {
        this.mapper = mapper;
        known.forEach(type -> types.put(key(type.name(), type.version()), type));
    }

    /**
     * @return the typed event, or empty when its type or version is unknown to this reader
     * @throws JsonProcessingException when the JSON is not an event envelope, or its payload does not fit its type
     */
    public Optional<TypedEvent<?>> read(String json) throws JsonProcessingException {
        EventEnvelope<JsonNode> raw = mapper.readValue(json,
                mapper.getTypeFactory().constructParametricType(EventEnvelope.class, JsonNode.class));
        if (raw.type() == null || raw.eventId() == null || raw.data() == null) {
            throw new IllegalEventException("An event needs eventId, type and data");
        }
        EventType<?> type = types.get(key(raw.type(), raw.version()));
        return type == null ? Optional.empty() : Optional.of(typed(type, raw));
    }

    private <T> TypedEvent<T> typed(EventType<T> type, EventEnvelope<JsonNode> raw) throws JsonProcessingException {
        T data = mapper.treeToValue(raw.data(), type.dataType());
        return new TypedEvent<>(type, new EventEnvelope<>(raw.eventId(), raw.type(), raw.version(), raw.occurredAt(),
                raw.key(), data));
    }

    private static String key(String name, int version) {
        return name + "/v" + version;
    }

    /** The JSON is an object, but not an event envelope. */
    public static final class IllegalEventException extends JsonProcessingException {
        IllegalEventException(String message) {
            super(message);
        }
    }
}
