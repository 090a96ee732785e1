package io.chat.gateway.cluster;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What gateway instances tell each other on the {@code gateway-presence} and {@code gateway-commands} topics. */
public final class GatewayMessages {

    private GatewayMessages() {
    }

    /**
     * One page of the open connections of one instance, published on every change and as a heartbeat;
     * key = instance id, so the pages of a snapshot arrive in order. The snapshot {@code generation} is
     * complete when all its {@code pages} have arrived; pages keep each record well under Kafka's 1 MB.
     */
    @RegisterForReflection
    public record PresenceSnapshot(String instanceId, Instant sentAt, long generation, int page, int pages,
            List<ConnectionInfo> connections) {
    }

    /**
     * An instruction every instance receives and the one holding the connection (or the room's
     * connections) carries out. Key = connection id, or room id for typing.
     *
     * @param type {@link #SEND}, {@link #CLOSE} or {@link #TYPING}
     */
    @RegisterForReflection
    public record Command(String type, String connectionId, String roomId, String userId, JsonNode data) {

        public static final String SEND = "send";
        public static final String CLOSE = "close";
        public static final String TYPING = "typing";

        public static Command send(String connectionId, JsonNode data) {
            return new Command(SEND, connectionId, null, null, data);
        }

        public static Command close(String connectionId) {
            return new Command(CLOSE, connectionId, null, null, null);
        }

        public static Command typing(String roomId, String userId) {
            return new Command(TYPING, null, roomId, userId, null);
        }
    }
}
