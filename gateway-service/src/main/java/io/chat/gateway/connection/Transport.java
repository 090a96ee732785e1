package io.chat.gateway.connection;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.fanout.OutboundFrame;

/**
 * What a transport (WebSocket, SSE, ...) does for a {@link Connection}: move frames to the client and end
 * the connection. Limits, presence and the rest of a connection's life are the connection's, not the
 * transport's.
 */
public interface Transport {

    /** Hands the frame to the client's connection without blocking; {@code written} runs once it is out (or failed). */
    void write(OutboundFrame frame, Runnable written);

    void close(CloseCode code, String reason);

    boolean isOpen();

    /** Whether the client cannot send anything (SSE), so that silence does not mean it is gone. */
    boolean unidirectional();
}
