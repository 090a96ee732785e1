package io.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * A group of load-client WebSockets of {@code bench/run.sh fanout} (Vert.x, a few event loops for all of
 * them). Every message the bench sends carries its send time ({@link #text}); each socket counts the
 * frames that carry one and, while a {@link Stats} is set, records send → read in it.
 */
final class FanoutSockets implements AutoCloseable {

    /** Start of a message's text: the send time ({@link System#nanoTime()}), then {@link #END}. */
    private static final String MARK = "\"text\":\"m";
    private static final char END = '|';
    private static final String WELCOME = "\"type\":\"welcome\"";
    /** A socket to this path speaks STOMP: its token goes in {@code CONNECT}, it is open once {@code CONNECTED} came. */
    static final String STOMP_PATH = "/stomp";
    private static final String STOMP_CONNECTED = "CONNECTED";
    /** Sockets a client opens to one host and port at once; Vert.x's default (50) would queue the rest. */
    private static final int MAX_SOCKETS_PER_CLIENT = 1_000_000;
    private static final int CONNECTS_IN_FLIGHT = 64;
    private static final int ATTEMPTS = 5;
    private static final int CONNECT_TIMEOUT_MS = 60_000;
    /** What Chromium 131 sends on a WebSocket upgrade besides the handshake's own headers (and Origin). */
    static final Map<String, String> BROWSER_HEADERS = Map.of(
            "Pragma", "no-cache",
            "Cache-Control", "no-cache",
            "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Accept-Encoding", "gzip, deflate, br, zstd",
            "Accept-Language", "en-US,en;q=0.9",
            "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");

    private final List<WebSocketClient> clients = new ArrayList<>();
    private final List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    private final LongAdder delivered = new LongAdder();
    private final AtomicReference<Stats> recording = new AtomicReference<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener;
    private Map<String, String> extraHeaders = Map.of();

    /**
     * @param sourceAddresses local addresses to bind, round-robin per socket (each has its own ephemeral
     *        port range toward the server)
     */
    FanoutSockets(Vertx vertx, List<String> sourceAddresses) {
        for (String address : sourceAddresses) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(address)
                    .setMaxConnections(MAX_SOCKETS_PER_CLIENT).setConnectTimeout(CONNECT_TIMEOUT_MS)
                    .setMaxFrameSize(262144).setMaxMessageSize(262144)));
        }
    }

    /** Upgrades from now on also send {@code headers} (e.g. {@link #BROWSER_HEADERS}). */
    FanoutSockets withHeaders(Map<String, String> headers) {
        this.extraHeaders = headers;
        return this;
    }

    /** A message's text of {@code size} characters that carries its send time. */
    static String text(int size) {
        StringBuilder text = new StringBuilder(size).append('m').append(System.nanoTime()).append(END);
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    /**
     * Opens {@code count} sockets to {@code host:port/path}, at most {@value #CONNECTS_IN_FLIGHT} upgrades
     * at a time; with a token, a socket counts as open once its {@code welcome} arrived (the gateway has
     * registered it in its rooms by then).
     *
     * @return the sockets that opened
     */
    int open(int count, String host, int port, String path, IntFunction<String> tokenOf, long timeoutSeconds)
            throws InterruptedException {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(CONNECTS_IN_FLIGHT);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(count);
        AtomicInteger opened = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            String token = tokenOf.apply(i);
            // Vert.x sends an Origin header by default; non-browser clients send none (the gateway checks browsers' origins).
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path)
                    .setAllowOriginHeader(false);
            extraHeaders.forEach(options::addHeader);
            String connect = null;
            if (STOMP_PATH.equals(path)) {
                options.addSubProtocol("v12.stomp");
                connect = "CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n\0";
            } else if (token != null) {
                options.addHeader("Authorization", "Bearer " + token);
            }
            WebSocketClient client = clients.get(i % clients.size());
            attempt(client, options, token != null, connect, ATTEMPTS).onComplete(result -> {
                if (result.succeeded()) {
                    opened.incrementAndGet();
                } else {
                    failures.merge(String.valueOf(result.cause().getMessage()), 1, Integer::sum);
                }
                inFlight.release();
                done.countDown();
            });
        }
        done.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return opened.get();
    }

    /** As a client would: a refused or closed attempt (the gateway answers 1011 when chat-service is slow) is retried. */
    private Future<Void> attempt(WebSocketClient client, WebSocketConnectOptions options, boolean awaitWelcome,
            String stompConnect, int left) {
        return connect(client, options, awaitWelcome, stompConnect).recover(e -> {
            if (left <= 1) {
                return Future.failedFuture(e);
            }
            retries.incrementAndGet();
            return attempt(client, options, awaitWelcome, stompConnect, left - 1);
        });
    }

    /** Attempts that were retried. */
    int retries() {
        return retries.get();
    }

    /** With {@code stompConnect}, that frame is sent first and {@code CONNECTED} is the welcome. */
    private Future<Void> connect(WebSocketClient client, WebSocketConnectOptions options, boolean awaitWelcome,
            String stompConnect) {
        io.vertx.core.Promise<Void> ready = io.vertx.core.Promise.promise();
        client.connect(options).onFailure(ready::tryFail).onSuccess(ws -> {
            ready.future().onSuccess(v -> sockets.add(ws));
            // Resets when a gateway stops are expected; the close handler counts them.
            ws.exceptionHandler(e -> { });
            ws.closeHandler(v -> {
                // Closed before it was ready: a failed attempt; after: a socket the server (or network) closed.
                if (!ready.tryFail("closed " + ws.closeStatusCode() + " " + ws.closeReason())) {
                    closed.incrementAndGet();
                }
            });
            ws.textMessageHandler(frame -> {
                if (stompConnect != null ? frame.startsWith(STOMP_CONNECTED) : !read(frame) && frame.contains(WELCOME)) {
                    ready.tryComplete();
                }
            });
            if (stompConnect != null) {
                ws.writeTextMessage(stompConnect);
            }
            if (!awaitWelcome) {
                ready.tryComplete();
            }
        });
        return ready.future();
    }

    /** Counts a frame that carries a send time; @return whether it did. */
    private boolean read(String frame) {
        int mark = frame.indexOf(MARK);
        if (mark < 0) {
            return false;
        }
        long now = System.nanoTime();
        Consumer<String> frames = listener;
        if (frames != null) {
            frames.accept(frame);
        }
        delivered.increment();
        Stats stats = recording.get();
        if (stats != null) {
            int from = mark + MARK.length();
            long sent = Long.parseLong(frame, from, frame.indexOf(END, from), 10);
            stats.add((now - sent) / 1000);
        }
        return true;
    }

    long delivered() {
        return delivered.sum();
    }

    int size() {
        return sockets.size();
    }

    /** Sockets that closed (by the server or the network) since they opened. */
    int closed() {
        return closed.get();
    }

    /** Why connections failed to open, by message. */
    java.util.Map<String, Integer> failures() {
        return failures;
    }

    /** Records send → read of the frames read from now on in {@code stats}; {@code null} stops. */
    void record(Stats stats) {
        recording.set(stats);
    }

    /** Sends a text message on the first socket of the group (the ceiling's publishing socket). */
    void send(String text) {
        sockets.get(0).writeTextMessage(text);
    }

    @Override
    public void close() {
        List<WebSocket> all;
        synchronized (sockets) {
            all = new ArrayList<>(sockets);
        }
        all.forEach(ws -> ws.close());
        clients.forEach(WebSocketClient::close);
    }

    /** Also hands every frame that carries a send time to {@code frames}; {@code null} stops. */
    void onFrame(Consumer<String> frames) {
        listener = frames;
    }
}
