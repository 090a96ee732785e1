package io.chat.gateway.fanout;

/** A connection as the fan-out sees it: whose it is, and where its frames go. */
public interface Recipient {

    String userId();

    /** Queues the frame without blocking; a connection that cannot keep up is closed instead. */
    void send(OutboundFrame frame);

    /**
     * {@link #send(OutboundFrame)}, and runs {@code written} once the transport wrote the frame out (or
     * failed to); never if the frame is not written now (dropped, held for a replay, connection closing).
     */
    void send(OutboundFrame frame, Runnable written);
}
