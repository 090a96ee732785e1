package io.chat.gateway.fanout;

/** A connection as the fan-out sees it: whose it is, and where its frames go. */
public interface Recipient {

    String userId();

    /** Queues the frame without blocking; a connection that cannot keep up is closed instead. */
    void send(OutboundFrame frame);
}
