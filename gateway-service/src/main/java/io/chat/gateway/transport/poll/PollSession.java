package io.chat.gateway.transport.poll;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.chat.contracts.ws.CloseCode;
import io.chat.gateway.connection.Connection;
import io.chat.gateway.connection.Transport;
import io.chat.gateway.fanout.OutboundFrame;
import io.chat.gateway.metrics.GatewayMetrics;
import io.chat.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A long-poll session as a {@link Transport}. Frames are held, numbered from 1, until the client
 * acknowledges them; only then do they count as written, so the connection's pending-bytes bound is the
 * bound on held events (past it the session ends). At most one poll waits at a time, on a Vert.x timer
 * rather than a thread; a newer poll answers the waiting one empty. A session with no poll waiting ends
 * after the expiry.
 */
final class PollSession implements Transport {

    /** Events numbered up to {@code next} (the value to acknowledge next). */
    record Answer(List<OutboundFrame> events, long next) {

        /** {@code {"sessionId"?, "events": [envelopes], "next"}}, the envelopes as serialized once for all. */
        String json(String sessionId) {
            StringBuilder json = new StringBuilder("{");
            if (sessionId != null) {
                json.append("\"sessionId\":\"").append(sessionId).append("\",");
            }
            json.append("\"events\":[");
            for (int i = 0; i < events.size(); i++) {
                json.append(i == 0 ? "" : ",").append(events.get(i).json());
            }
            return json.append("],\"next\":").append(next).append('}').toString();
        }
    }

    private record Held(long number, OutboundFrame frame, Runnable written) {
    }

    private record Waiting(CompletableFuture<Answer> answer, long timer) {
    }

    private static final Logger LOG = Logger.getLogger(PollSession.class);
    private static final long NO_TIMER = -1;

    private final String id;
    private final String userId;
    private final Vertx vertx;
    private final Duration expiry;
    private final GatewayMetrics metrics;
    private final Consumer<PollSession> onEnd;
    private Connection connection;
    private final Deque<Held> held = new ArrayDeque<>();
    private long last;
    private long acked;
    private Waiting waiting;
    private long expiryTimer = NO_TIMER;
    private volatile String endedBecause;

    PollSession(String id, String userId, Vertx vertx, Duration expiry, GatewayMetrics metrics,
            Consumer<PollSession> onEnd) {
        this.id = id;
        this.userId = userId;
        this.vertx = vertx;
        this.expiry = expiry;
        this.metrics = metrics;
        this.onEnd = onEnd;
    }

    void attach(Connection connection) {
        this.connection = connection;
    }

    String id() {
        return id;
    }

    String userId() {
        return userId;
    }

    Connection connection() {
        return connection;
    }

    /** What the session holds now, without waiting (the answer to {@code POST /poll}). */
    synchronized Answer current() {
        startExpiry();
        return answer();
    }

    /**
     * Frees the events up to {@code ack}, then answers with the events after it as soon as there are
     * any, or after {@code wait} with none.
     */
    Uni<Answer> poll(long ack, Duration wait) {
        Waiting superseded;
        long freedUpTo;
        CompletableFuture<Answer> result = new CompletableFuture<>();
        synchronized (this) {
            if (endedBecause != null) {
                throw ended();
            }
            if (ack > last) {
                throw ProblemException.invalid("ack", "must not be beyond the last event, " + last);
            }
            for (Held event = held.peek(); event != null && event.number() <= ack; event = held.peek()) {
                held.poll().written().run();
            }
            acked = Math.max(acked, ack);
            freedUpTo = acked;
            cancelExpiry();
            connection.touch();
            superseded = waiting;
            waiting = null;
            if (!held.isEmpty() || wait.isZero()) {
                startExpiry();
                result.complete(answer());
            } else {
                waiting = new Waiting(result, vertx.setTimer(wait.toMillis(), t -> answerWaiting(result)));
            }
        }
        if (superseded != null) {
            vertx.cancelTimer(superseded.timer());
            superseded.answer().complete(new Answer(List.of(), freedUpTo));
        }
        return Uni.createFrom().completionStage(result);
    }

    /** Runs a client frame's handling one at a time per session (the connection's inbound state is not shared). */
    synchronized void inbound(Consumer<Connection> handling) {
        handling.accept(connection);
    }

    @Override
    public void write(OutboundFrame frame, Runnable written) {
        synchronized (this) {
            if (endedBecause != null) {
                written.run();
                return;
            }
            held.add(new Held(++last, frame, written));
        }
        answerWaiting(null);
    }

    /** Answers the waiting poll (any, or only {@code expected}) with what is held now. */
    private void answerWaiting(CompletableFuture<Answer> expected) {
        Waiting woken;
        Answer answer;
        synchronized (this) {
            woken = waiting;
            if (woken == null || expected != null && woken.answer() != expected) {
                return;
            }
            waiting = null;
            answer = answer();
            startExpiry();
        }
        vertx.cancelTimer(woken.timer());
        woken.answer().complete(answer);
    }

    @Override
    public void close(CloseCode code, String reason) {
        Waiting woken;
        synchronized (this) {
            if (endedBecause != null) {
                return;
            }
            endedBecause = reason + " (" + code.code() + ")";
            cancelExpiry();
            woken = waiting;
            waiting = null;
            held.forEach(event -> event.written().run());
            held.clear();
        }
        LOG.debugf("Poll session %s of user %s ended: %s", id, userId, endedBecause);
        if (woken != null) {
            vertx.cancelTimer(woken.timer());
            woken.answer().completeExceptionally(ended());
        }
        onEnd.accept(this);
    }

    @Override
    public boolean isOpen() {
        return endedBecause == null;
    }

    /** A session's liveness is being polled; it expires on its own timer. */
    @Override
    public boolean closesWhenSilent() {
        return false;
    }

    private Answer answer() {
        return new Answer(held.stream().map(Held::frame).toList(), held.isEmpty() ? acked : last);
    }

    private ProblemException ended() {
        return ProblemException.notFound("Session " + id + " ended: " + endedBecause);
    }

    private void startExpiry() {
        cancelExpiry();
        expiryTimer = vertx.setTimer(expiry.toMillis(), t -> expire(t));
    }

    private void cancelExpiry() {
        if (expiryTimer != NO_TIMER) {
            vertx.cancelTimer(expiryTimer);
            expiryTimer = NO_TIMER;
        }
    }

    private void expire(long timer) {
        synchronized (this) {
            if (timer != expiryTimer) {
                return; // a poll came in the meantime
            }
            expiryTimer = NO_TIMER;
        }
        metrics.closed(GatewayMetrics.IDLE);
        connection.close(CloseCode.IDLE, "not polled within " + expiry);
    }
}
