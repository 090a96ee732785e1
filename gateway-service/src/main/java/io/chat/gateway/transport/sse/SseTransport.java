package io.chat.gateway.transport.sse;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.fanout.OutboundFrame;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * An SSE stream as a {@link Transport}. A frame counts as written once it is in the stream, whose
 * overflow buffer bounds what a slow reader may fall behind (see {@link EventStreamResource}).
 */
final class SseTransport implements Transport {

    private final MultiEmitter<? super OutboundFrame> emitter;

    SseTransport(MultiEmitter<? super OutboundFrame> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void write(OutboundFrame frame, Runnable written) {
        emitter.emit(frame);
        written.run();
    }

    /** The stream ends; SSE has no close code. */
    @Override
    public void close(CloseCode code, String reason) {
        emitter.complete();
    }

    @Override
    public boolean isOpen() {
        return !emitter.isCancelled();
    }

    /** SSE has no client-to-server frames; a dead peer shows up as a failed write instead. */
    @Override
    public boolean closesWhenSilent() {
        return false;
    }
}
