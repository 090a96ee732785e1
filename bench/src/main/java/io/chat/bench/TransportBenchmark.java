package io.chat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.local.LocalStack;
import io.chat.testkit.ChatClient;
import io.chat.testkit.PollClient;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/**
 * One row per transport of the gateway ({@code /ws}, {@code /events}, {@code /poll}, {@code /stomp}) at
 * the same moderate load: {@value #MEMBERS} members of one room, each on the transport under test, while
 * one of them posts {@value #RATE} messages per second for {@value #SECONDS} s. Measures POST sent →
 * {@code message.created} read by each member, and deliveries per second. The transports run one after
 * another against the same packaged stack. Writes the {@code transports} block of bench/results.md.
 */
public final class TransportBenchmark {

    private static final int MEMBERS = 20;
    private static final int RATE = 20;
    private static final int SECONDS = 30;
    private static final int WARMUP_MESSAGES = 40;
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final Duration POLL_WAIT = Duration.ofSeconds(25);
    private static final String CREATED = "message.created";
    private static final String MEASURED = "measured";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = ChatClient.newHttpClient();
    private String usersUrl;
    private String chatUrl;
    private ServiceProcess gateway;

    /** A member's open connection on one transport; every message.created envelope goes to the consumer. */
    private interface Member extends AutoCloseable {
        @Override
        void close();
    }

    private interface Transport {
        Member open(ChatClient.Account account, String room, Consumer<JsonNode> onCreated) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        new TransportBenchmark().run(Path.of(args[0]).toAbsolutePath());
        System.exit(0);
    }

    private void run(Path root) throws Exception {
        try (LocalStack stack = BenchStack.infrastructure(root)) {
            usersUrl = stack.startService(LocalStack.USERS, Ports.free(), Map.of()).url();
            chatUrl = stack.startService(LocalStack.CHAT, Ports.free(), Map.of()).url();
            gateway = stack.startService(LocalStack.GATEWAY, Ports.free(), Map.of());
            Map<String, Transport> transports = new LinkedHashMap<>();
            transports.put("/ws (WebSocket)", this::socket);
            transports.put("/events (SSE)", this::events);
            transports.put("/poll (long-polling)", this::poll);
            transports.put("/stomp (STOMP over WebSocket)", this::stomp);
            StringBuilder rows = new StringBuilder();
            double loadBefore = loadAverage();
            for (Map.Entry<String, Transport> transport : transports.entrySet()) {
                rows.append(measure(transport.getKey(), transport.getValue()));
            }
            write(root, rows.toString(), loadBefore, loadAverage());
        }
    }

    private String measure(String name, Transport transport) throws Exception {
        List<ChatClient.Account> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(ChatClient.signUp(http, usersUrl, "tr_" + i + "_" + ChatBenchmark.shortId(), ChatBenchmark.PASSWORD));
        }
        ChatClient owner = new ChatClient(http, chatUrl, members.get(0).token());
        String room = expect(owner.post("/rooms", Map.of("name", "transports")), 201).text("id");
        for (ChatClient.Account member : members.subList(1, MEMBERS)) {
            expect(owner.post("/rooms/" + room + "/members", Map.of("userId", member.id())), 201);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Stats latency = new Stats();
        AtomicLong lastDelivery = new AtomicLong();
        List<Member> open = new ArrayList<>();
        try {
            for (ChatClient.Account account : members) {
                open.add(transport.open(account, room, envelope -> {
                    long now = System.nanoTime();
                    String text = envelope.path("data").path("text").asText();
                    Long sent = sentAt.get(text);
                    if (sent != null && text.startsWith(MEASURED)) {
                        latency.add((now - sent) / 1000);
                        lastDelivery.accumulateAndGet(now, Math::max);
                    }
                }));
            }
            post(owner, room, "warm-up", WARMUP_MESSAGES, sentAt);

            long start = System.nanoTime();
            int messages = RATE * SECONDS;
            post(owner, room, MEASURED, messages, sentAt);
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (latency.count() < MEMBERS * messages && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            double seconds = (lastDelivery.get() - start) / 1e9;
            return String.format("| %s | %d of %d | %.0f | %s |%n", name, latency.count(), MEMBERS * messages,
                    latency.count() / seconds, latency.summary());
        } finally {
            open.forEach(Member::close);
        }
    }

    /** Posts at {@value #RATE}/s on a fixed schedule, noting when each was sent. */
    private static void post(ChatClient owner, String room, String label, int count, Map<String, Long> sentAt)
            throws InterruptedException {
        long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String text = label + " " + i;
            sentAt.put(text, System.nanoTime());
            expect(owner.post("/rooms/" + room + "/messages", Map.of("text", text)), 201);
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private Member socket(ChatClient.Account account, String room, Consumer<JsonNode> onCreated) {
        SocketClient socket = SocketClient.open(SocketClient.wsUri(gateway.url()), account.token(), frame -> {
            if (isCreated(frame, room)) {
                onCreated.accept(frame);
            }
        });
        return socket::close;
    }

    /** {@code GET /events}, read line by line on its own thread; the envelope is each {@code data:} line. */
    private Member events(ChatClient.Account account, String room, Consumer<JsonNode> onCreated) {
        CompletableFuture<Void> welcomed = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.url() + "/events")).header("Authorization", "Bearer " + account.token())
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try {
                response.join().body().filter(line -> line.startsWith("data:")).forEach(line -> {
                    JsonNode envelope = read(line.substring("data:".length()).strip());
                    welcomed.complete(null);
                    if (isCreated(envelope, room)) {
                        onCreated.accept(envelope);
                    }
                });
            } catch (RuntimeException ended) {
                welcomed.completeExceptionally(ended); // closed by the benchmark
            }
        }, "bench-sse");
        reader.setDaemon(true);
        reader.start();
        welcomed.join();
        return () -> response.join().body().close();
    }

    /** A long-poll session, polled (acknowledging everything) by a thread of its own. */
    private Member poll(ChatClient.Account account, String room, Consumer<JsonNode> onCreated) {
        PollClient session = PollClient.open(gateway.url(), account.token());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (running.get() && !session.ended()) {
                try {
                    session.poll(POLL_WAIT).stream().filter(event -> isCreated(event, room)).forEach(onCreated);
                } catch (UncheckedIOException | IllegalStateException stopped) {
                    return; // the session was deleted while a poll was parked
                }
            }
        }, "bench-poll");
        poller.setDaemon(true);
        poller.start();
        return () -> {
            running.set(false);
            session.close();
        };
    }

    /**
     * {@code /stomp}: CONNECT with the token and SUBSCRIBE to the room, as frames over the JDK's WebSocket
     * (the envelope is the MESSAGE frame's body, up to its NUL).
     */
    private Member stomp(ChatClient.Account account, String room, Consumer<JsonNode> onCreated) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    if (frame.startsWith("CONNECTED")) {
                        connected.complete(null);
                    } else if (frame.startsWith("MESSAGE") && frame.contains("\nevent-type:" + CREATED + "\n")) {
                        onCreated.accept(read(frame.substring(frame.indexOf("\n\n") + 2, frame.indexOf('\0'))));
                    } else if (frame.startsWith("ERROR")) {
                        connected.completeExceptionally(new IllegalStateException(frame));
                    }
                }
                webSocket.request(1);
                return null;
            }
        };
        WebSocket socket = SocketClient.builder().subprotocols("v12.stomp")
                .buildAsync(URI.create(gateway.url().replaceFirst("^http", "ws") + "/stomp"), listener).join();
        socket.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + account.token() + "\n\n\0", true)
                .join();
        connected.join();
        socket.sendText("SUBSCRIBE\nid:0\ndestination:/topic/rooms." + room + "\n\n\0", true).join();
        return () -> socket.sendText("DISCONNECT\n\n\0", true).thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                .exceptionally(closedAlready -> null).join();
    }

    private static boolean isCreated(JsonNode envelope, String room) {
        return CREATED.equals(envelope.path("type").asText()) && room.equals(envelope.path("roomId").asText());
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatClient.Answer expect(ChatClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + answer);
        }
        return answer;
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private void write(Path root, String rows, double loadBefore, double loadAfter) throws IOException {
        String out = "Written by `bench/run.sh transports` on " + Instant.now() + " — "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
                + String.format(", 1-minute load average %.1f before and %.1f after", loadBefore, loadAfter)
                + " (the machine is shared: other builds ran meanwhile).\n\n"
                + "## gateway-service per transport: POST sent → message.created read by each member\n\n"
                + String.format("%d members of one room, all on the transport, one gateway; %d posts/s for %d s (after %d warm-up"
                        + " posts); one transport after another on the same stack. Deliveries/s: deliveries over the time from"
                        + " the first measured post to the last delivery; the offered load is %d/s, and a lower figure"
                        + " means the poster fell behind its schedule (slow POSTs), not that deliveries were missing.%n%n",
                        MEMBERS, RATE, SECONDS, WARMUP_MESSAGES, MEMBERS * RATE)
                + "| transport | deliveries | deliveries/s | latency |\n|---|---|---|---|\n" + rows;
        Results.write(root, "transports", out);
        System.out.println(out);
    }
}
