package io.chat.gateway.rest;

import java.time.Instant;
import java.util.UUID;

import io.chat.gateway.service.Client;
import io.chat.gateway.service.GatewayMetrics;
import io.chat.gateway.service.OutboundFrame;
import io.smallrye.mutiny.subscription.MultiEmitter;

/** An SSE stream; its output is bounded by the stream's overflow buffer (see {@link EventStreamResource}). */
final class SseClient implements Client {

    private final String id = UUID.randomUUID().toString();
    private final Instant connectedAt = Instant.now();
    private final MultiEmitter<? super OutboundFrame> emitter;
    private final String userId;
    private final String token;
    private final String remoteAddress;
    private final GatewayMetrics metrics;

    SseClient(MultiEmitter<? super OutboundFrame> emitter, String userId, String token, String remoteAddress,
            GatewayMetrics metrics) {
        this.emitter = emitter;
        this.userId = userId;
        this.token = token;
        this.remoteAddress = remoteAddress;
        this.metrics = metrics;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public Instant connectedAt() {
        return connectedAt;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    /** SSE has no client-to-server frames; a dead peer shows up as a failed write instead. */
    @Override
    public Instant lastActive() {
        return Instant.now();
    }

    @Override
    public boolean isOpen() {
        return !emitter.isCancelled();
    }

    @Override
    public void send(OutboundFrame frame) {
        metrics.frameOut();
        emitter.emit(frame);
    }

    @Override
    public void close(int code, String reason) {
        emitter.complete();
    }
}
