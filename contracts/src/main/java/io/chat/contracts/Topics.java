package io.chat.contracts;

/** The Kafka topics of the system; docs/events.md describes each. */
public final class Topics {

    /** user-service's events, keyed by user id. */
    public static final String USER_EVENTS = "user-events";
    /** chat-service's room, membership and message events, keyed by room id. */
    public static final String CHAT_EVENTS = "chat-events";
    /** Connection snapshots and heartbeats of the gateway instances, keyed by instance id. */
    public static final String GATEWAY_PRESENCE = "gateway-presence";
    /** Admin commands and typing signals for every gateway instance. */
    public static final String GATEWAY_COMMANDS = "gateway-commands";

    private Topics() {
    }
}
