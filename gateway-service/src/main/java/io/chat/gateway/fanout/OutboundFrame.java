package io.chat.gateway.fanout;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One server-to-client envelope {@code {"type","roomId","data"}}, serialized once and shared by every
 * connection it is written to.
 *
 * @param roomId the room of a room's event or signal, else {@code null}
 * @param eventId the domain event's id (SSE {@code id:} of {@code message.*}, STOMP {@code message-id}),
 *        {@code null} for frames the gateway makes
 * @param seq the message's seq on {@code message.*} frames, else {@code null}
 * @param bytes the UTF-8 size of {@code json}, for the pending-output bound of slow readers
 */
public record OutboundFrame(String type, String roomId, String eventId, Long seq, String json, int bytes) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Envelope(String type, String roomId, Object data) {
    }

    static OutboundFrame of(ObjectMapper mapper, String type, String roomId, Object data, String eventId, Long seq) {
        try {
            String json = mapper.writeValueAsString(new Envelope(type, roomId, data));
            return new OutboundFrame(type, roomId, eventId, seq, json, json.getBytes(StandardCharsets.UTF_8).length);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Frame " + type + " cannot be serialized", e);
        }
    }
}
