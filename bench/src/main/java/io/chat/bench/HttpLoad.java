package io.chat.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The write-path load: {@code POST /rooms/{id}/messages} over keep-alive HTTP/1.1 connections, all from
 * one Vert.x event loop, so the client needs no thread per request in flight.
 */
final class HttpLoad implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    /** Who posts where: one room member's token and the room. */
    record Target(String token, String roomId) {
    }

    /** An answered post: its status (-1 when the request failed), body, and when the answer was complete. */
    record Answer(Target target, int status, Buffer body, long doneNanos) {
    }

    /** What a load run counted: 201s, latencies and the statuses that were not 201. */
    static final class Tally {
        final Stats latency = new Stats();
        /** 201s of counted posts, each with a latency. */
        final AtomicLong created = new AtomicLong();
        /** 201s whose answer came within the window: the throughput. */
        final AtomicLong completed = new AtomicLong();
        /** All 201s, warm-up included. */
        final AtomicLong answered = new AtomicLong();
        /** Posts sent and not answered yet. */
        final AtomicLong inFlight = new AtomicLong();
        private final Map<Integer, AtomicInteger> unexpected = new ConcurrentHashMap<>();

        void unexpected(int status) {
            unexpected(status, 1);
        }

        void unexpected(int status, int count) {
            unexpected.computeIfAbsent(status, s -> new AtomicInteger()).addAndGet(count);
        }

        Map<Integer, Integer> unexpectedCounts() {
            Map<Integer, Integer> counts = new TreeMap<>();
            unexpected.forEach((status, count) -> counts.put(status, count.get()));
            return counts;
        }
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();

    HttpLoad(String baseUrl, int connections) {
        URI uri = URI.create(baseUrl);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        http = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /**
     * Closed loop: each target posts its next message as soon as its previous one is answered, until the
     * window ends. Counts the posts answered 201 within the window, with their send → answer times.
     */
    CompletableFuture<Void> closedLoop(List<Target> targets, Window window, Tally tally) {
        CompletableFuture<?>[] loops = new CompletableFuture<?>[targets.size()];
        for (int i = 0; i < loops.length; i++) {
            CompletableFuture<Void> loop = new CompletableFuture<>();
            loops[i] = loop;
            Target target = targets.get(i);
            vertx.runOnContext(v -> postUntilEnd(target, window, tally, loop));
        }
        return CompletableFuture.allOf(loops);
    }

    private void postUntilEnd(Target target, Window window, Tally tally, CompletableFuture<Void> loop) {
        long sent = System.nanoTime();
        post(target, answer -> {
            count(answer, sent, window, window.contains(answer.doneNanos()), tally);
            if (answer.doneNanos() < window.end()) {
                postUntilEnd(target, window, tally, loop);
            } else {
                loop.complete(null);
            }
        });
    }

    /**
     * Open loop: posts at {@code perSecond} on a fixed schedule, round-robin over the targets, whatever the
     * answers do. A post's latency runs from its scheduled send time (no coordinated omission); the posts
     * scheduled within the window are timed, and {@code created} sees each of their 201s.
     */
    CompletableFuture<Void> openLoop(List<Target> targets, int perSecond, Window window, Tally tally,
            Consumer<Answer> created) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        double interval = 1e9 / perSecond;
        AtomicLong scheduled = new AtomicLong();
        // The schedule itself counts as one until its last post is sent.
        tally.inFlight.incrementAndGet();
        Runnable answered = () -> {
            if (tally.inFlight.decrementAndGet() == 0) {
                done.complete(null);
            }
        };
        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (true) {
                long due = start + (long) (scheduled.get() * interval);
                if (due >= window.end()) {
                    vertx.cancelTimer(timer);
                    answered.run();
                    return;
                }
                if (due > now) {
                    return;
                }
                Target target = targets.get((int) (scheduled.getAndIncrement() % targets.size()));
                tally.inFlight.incrementAndGet();
                post(target, answer -> {
                    if (count(answer, due, window, window.contains(due), tally) && answer.status() == 201) {
                        created.accept(answer);
                    }
                    answered.run();
                });
            }
        });
        return done;
    }

    /** Every status that is not 201 is tallied; latency only for a counted post. @return {@code counted} */
    private static boolean count(Answer answer, long startNanos, Window window, boolean counted, Tally tally) {
        if (answer.status() == 201) {
            tally.answered.incrementAndGet();
            if (window.contains(answer.doneNanos())) {
                tally.completed.incrementAndGet();
            }
        } else {
            tally.unexpected(answer.status());
        }
        if (counted && answer.status() == 201) {
            tally.created.incrementAndGet();
            tally.latency.add((answer.doneNanos() - startNanos) / 1000);
        }
        return counted;
    }

    private void post(Target target, Consumer<Answer> onAnswer) {
        Buffer body = Buffer.buffer("{\"text\":\"write-path load " + sequence.incrementAndGet() + "\"}");
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST)
                .setURI("/rooms/" + target.roomId() + "/messages")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.token())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .setIdleTimeout(REQUEST_TIMEOUT_MILLIS);
        http.request(request)
                .compose(req -> req.send(body))
                .compose(response -> response.body().map(b -> new Answer(target, response.statusCode(), b, System.nanoTime())))
                .onComplete(result -> onAnswer.accept(result.succeeded() ? result.result()
                        : new Answer(target, -1, Buffer.buffer(), System.nanoTime())));
    }

    @Override
    public void close() {
        http.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
