package io.chat.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.local.LocalStack;
import io.chat.testkit.ChatClient;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;

/**
 * Throughput and latency of chat-service and its outbox relay, measured through the public API against
 * the packaged services on a private stack. Writes bench/results.md.
 */
public final class ChatBenchmark {

    static final String PASSWORD = "benchmark-password";
    private static final int SEQUENTIAL_POSTS = 1000;
    private static final int THREADS = 16;
    private static final int POSTS_PER_THREAD = 100;
    private static final int PACED_POSTS = 200;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final int WARMUP_POSTS = 300;

    private final HttpClient http = ChatClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> results = new ArrayList<>();
    private String usersUrl;
    private String chatUrl;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath();
        new ChatBenchmark().run(root);
        System.exit(0);
    }

    private void run(Path root) throws Exception {
        try (LocalStack stack = BenchStack.infrastructure(root)) {
            usersUrl = stack.startService(LocalStack.USERS, Ports.free(), Map.of()).url();
            chatUrl = stack.startService(LocalStack.CHAT, Ports.free(), Map.of()).url();

            List<ChatClient> users = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                users.add(client(ChatClient.signUp(http, usersUrl, "bench_" + i + "_" + shortId(), PASSWORD)));
            }
            ChatClient owner = users.get(0);
            String sharedRoom = createRoom(owner);
            for (ChatClient user : users.subList(1, users.size())) {
                expect(user.post("/rooms/" + sharedRoom + "/members", Map.of("userId", idOf(user))), 201);
            }
            sequential(owner, sharedRoom, WARMUP_POSTS, null);

            Stats sequentialLatency = new Stats();
            double sequentialRate = sequential(owner, sharedRoom, SEQUENTIAL_POSTS, sequentialLatency);
            results.add(row("Sequential posts, 1 client, 1 room", sequentialRate, sequentialLatency));

            Stats oneRoomLatency = new Stats();
            double oneRoomRate = parallel(users, user -> sharedRoom, oneRoomLatency);
            results.add(row("Parallel posts, " + THREADS + " clients, 1 room", oneRoomRate, oneRoomLatency));

            Map<ChatClient, String> ownRooms = new HashMap<>();
            for (ChatClient user : users) {
                ownRooms.put(user, createRoom(user));
            }
            Stats manyRoomsLatency = new Stats();
            Stats loadedRelay = new Stats();
            double manyRoomsRate;
            try (EventLatency probe = new EventLatency(stack.kafka().bootstrapServers(), loadedRelay)) {
                manyRoomsRate = parallel(users, ownRooms::get, manyRoomsLatency);
                probe.awaitCount(THREADS * POSTS_PER_THREAD, Duration.ofSeconds(60));
            }
            results.add(row("Parallel posts, " + THREADS + " clients, " + THREADS + " rooms", manyRoomsRate, manyRoomsLatency));

            Stats pacedRelay = new Stats();
            try (EventLatency probe = new EventLatency(stack.kafka().bootstrapServers(), pacedRelay)) {
                for (int i = 0; i < PACED_POSTS; i++) {
                    expect(owner.post("/rooms/" + sharedRoom + "/messages", Map.of("text", "paced " + i)), 201);
                    Thread.sleep(PACE.toMillis());
                }
                probe.awaitCount(PACED_POSTS, Duration.ofSeconds(30));
            }
            ServiceProcess gateway = stack.startService(LocalStack.GATEWAY, Ports.free(), Map.of());
            GatewayBenchmark gatewayBench = new GatewayBenchmark(http, usersUrl, chatUrl, gateway);
            String fanOut = gatewayBench.fanOut();
            String footprint = gatewayBench.connectionFootprint();
            write(root, pacedRelay, loadedRelay, fanOut, footprint);
        }
    }

    private ChatClient client(ChatClient.Account account) {
        return new ChatClient(http, chatUrl, account.token());
    }

    private String idOf(ChatClient user) {
        return user.at(usersUrl).get("/users/me").text("id");
    }

    private String createRoom(ChatClient owner) {
        return expect(owner.post("/rooms", Map.of("name", "bench-" + shortId())), 201).text("id");
    }

    private double sequential(ChatClient user, String room, int posts, Stats latency) {
        long start = System.nanoTime();
        for (int i = 0; i < posts; i++) {
            long t0 = System.nanoTime();
            expect(user.post("/rooms/" + room + "/messages", Map.of("text", "sequential " + i)), 201);
            if (latency != null) {
                latency.add((System.nanoTime() - t0) / 1000);
            }
        }
        return posts / ((System.nanoTime() - start) / 1e9);
    }

    private double parallel(List<ChatClient> users, Function<ChatClient, String> roomOf, Stats latency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (ChatClient user : users) {
                tasks.add(() -> {
                    for (int i = 0; i < POSTS_PER_THREAD; i++) {
                        long t0 = System.nanoTime();
                        expect(user.post("/rooms/" + roomOf.apply(user) + "/messages", Map.of("text", "parallel " + i)), 201);
                        latency.add((System.nanoTime() - t0) / 1000);
                    }
                    return null;
                });
            }
            long start = System.nanoTime();
            for (var future : pool.invokeAll(tasks)) {
                future.get();
            }
            return users.size() * POSTS_PER_THREAD / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static ChatClient.Answer expect(ChatClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + answer);
        }
        return answer;
    }

    private static String row(String name, double rate, Stats latency) {
        return String.format("| %s | %.0f | %s |", name, rate, latency.summary());
    }

    private void write(Path root, Stats paced, Stats loaded, String fanOut, String footprint) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Written by `bench/run.sh` on ").append(Instant.now()).append(" — ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(". Everything (PostgreSQL, Kafka, services, this client) shares the machine.\n\n");
        out.append("## chat-service: POST /rooms/{id}/messages (answered 201)\n\n");
        out.append("| scenario | posts/s | request latency |\n|---|---|---|\n");
        results.forEach(r -> out.append(r).append('\n'));
        out.append("\n## Outbox relay: change committed → event read by a Kafka consumer\n\n");
        out.append("| load | latency |\n|---|---|\n");
        out.append("| paced, ").append(1000 / PACE.toMillis()).append(" posts/s | ").append(paced.summary()).append(" |\n");
        out.append("| during the ").append(THREADS).append("-room parallel run | ").append(loaded.summary()).append(" |\n");
        out.append("\n## gateway-service: POST sent → message.created read on each member's socket\n\n");
        out.append("| load | deliveries | latency |\n|---|---|---|\n").append(fanOut);
        out.append("\n## gateway-service: memory per open WebSocket\n\n");
        out.append("| connections | heap used after full GC | process RSS |\n|---|---|---|\n").append(footprint);
        out.append("\nPostgreSQL here is the embedded test server, which runs with fsync off: commits cost less than on a production database.\n");
        Results.write(root, "system", out.toString());
        System.out.println(out);
    }

    static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Reads chat-events from now on and records, per message.created, the time since it occurred. */
    private final class EventLatency implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Stats stats;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        EventLatency(String bootstrap, Stats stats) throws InterruptedException {
            this.stats = stats;
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of("chat-events"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            thread = new Thread(this::poll, "bench-event-latency");
            thread.start();
        }

        private void poll() {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    try {
                        JsonNode event = mapper.readTree(record.value());
                        if ("message.created".equals(event.path("type").asText())) {
                            stats.add((now - Instant.parse(event.path("occurredAt").asText()).toEpochMilli()) * 1000);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            consumer.close();
        }

        void awaitCount(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (stats.count() < count && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
