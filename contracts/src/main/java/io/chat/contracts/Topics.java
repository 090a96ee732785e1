package io.chat.contracts;

/** The Kafka topics of the system; docs/events.md describes each. */
public final class Topics {

    /** user-service's events, keyed by user id; compacted, so the latest event of every user stays. */
    public static final String USER_EVENTS = "user-events";
    /** user events chat-service could not apply even after retries, kept for inspection and replay. */
    public static final String USER_EVENTS_DLQ = "user-events-dlq";
    /** chat-service's room, membership and message events, keyed by room id. */
    public static final String CHAT_EVENTS = "chat-events";
    /** Connection snapshots and heartbeats of the gateway instances, keyed by instance id. */
    public static final String GATEWAY_PRESENCE = "gateway-presence";
    /** Admin commands and typing signals for every gateway instance. */
    public static final String GATEWAY_COMMANDS = "gateway-commands";

    private Topics() {
    }
}
