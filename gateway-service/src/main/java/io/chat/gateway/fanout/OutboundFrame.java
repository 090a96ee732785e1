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
 * @param sseId the SSE {@code id:} line, set for {@code message.*} events only
 * @param bytes the UTF-8 size of {@code json}, for the pending-output bound of slow readers
 */
public record OutboundFrame(String type, String json, String sseId, int bytes) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Envelope(String type, String roomId, Object data) {
    }

    static OutboundFrame of(ObjectMapper mapper, String type, String roomId, Object data, String sseId) {
        try {
            String json = mapper.writeValueAsString(new Envelope(type, roomId, data));
            return new OutboundFrame(type, json, sseId, json.getBytes(StandardCharsets.UTF_8).length);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Frame " + type + " cannot be serialized", e);
        }
    }
}
