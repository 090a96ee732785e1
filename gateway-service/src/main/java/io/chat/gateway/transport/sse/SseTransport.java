package io.chat.gateway.transport.sse;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.fanout.OutboundFrame;

/**
 * An SSE stream as a {@link Transport}: a frame is written out once the response wrote its event (the
 * sink's send completed), so events a slow reader has not taken count against the connection's pending
 * bytes. A failed write (the client went away) ends the stream.
 */
final class SseTransport implements Transport {

    private final SseEventSink sink;
    private final Sse sse;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Runnable onEnd = () -> {
    };

    SseTransport(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    /** What to run once, when the stream ends (closed by either side). */
    void onEnd(Runnable action) {
        onEnd = action;
        if (ended.get()) {
            action.run();
        }
    }

    @Override
    public void write(OutboundFrame frame, Runnable written) {
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(frame.type())
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(frame.json());
        if (frame.seq() != null && frame.eventId() != null) { // message.* events only
            event.id(frame.eventId());
        }
        send(event.build(), written);
    }

    /** A comment line, so that proxies keep an idle stream open. */
    void keepAlive() {
        send(sse.newEventBuilder().comment("keep-alive").build(), () -> {
        });
    }

    private void send(OutboundSseEvent event, Runnable written) {
        if (ended.get() || sink.isClosed()) {
            written.run();
            close(null, null);
            return;
        }
        sink.send(event).whenComplete((done, failure) -> {
            written.run();
            if (failure != null) {
                close(null, null);
            }
        });
    }

    /** The stream ends; SSE has no close code. */
    @Override
    public void close(CloseCode code, String reason) {
        if (ended.compareAndSet(false, true)) {
            sink.close();
            onEnd.run();
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.get() && !sink.isClosed();
    }

    /** SSE has no client-to-server frames; a dead peer shows up as a failed write instead. */
    @Override
    public boolean closesWhenSilent() {
        return false;
    }
}
