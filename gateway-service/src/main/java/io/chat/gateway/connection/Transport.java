package io.chat.gateway.connection;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.fanout.OutboundFrame;

/**
 * What a transport (WebSocket, SSE, long-poll, STOMP) does for a {@link Connection}: move frames to the client and end
 * the connection. Limits, presence and the rest of a connection's life are the connection's, not the
 * transport's.
 */
public interface Transport {

    /** Hands the frame to the client's connection without blocking; {@code written} runs once it is out (or failed). */
    void write(OutboundFrame frame, Runnable written);

    void close(CloseCode code, String reason);

    boolean isOpen();

    /**
     * Whether a client that sent nothing for the idle timeout is taken for gone and closed. Not where
     * silence means nothing: an SSE client cannot send, a long-poll session expires by its own rule.
     */
    boolean closesWhenSilent();
}
