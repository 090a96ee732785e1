package io.chat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.chat.local.LocalStack;
import io.chat.testkit.ChatClient;
import io.chat.testkit.Dirs;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * {@code bench/run.sh fanout}: the gateway's fan-out against a bare broadcast server ({@link CeilingServer},
 * a JVM of its own) under the same load in one run, alternating windows, and the gateway's memory per idle
 * connection. Events reach the gateway straight from Kafka ({@link FanoutEvents}: {@code message.created}
 * in the contracts' shape on the topic it consumes), messages reach the ceiling over one extra WebSocket;
 * both carry the same frame text to the same number of sockets. Writes block {@code fanout-LABEL} of
 * bench/results.md.
 *
 * <p>Options: see bench/run.sh. Then, each on a fresh gateway: memory per idle connection ({@code --idle}),
 * a chat-like load through chat-service's REST API ({@code --chat-rooms}) and a connection-count scale run
 * ({@code --scale}).
 */
public final class FanoutBenchmark {

    private static final String GATEWAY = "gateway";
    private static final String CEILING = "ceiling";
    private static final String LOOPBACK = "127.0.0.1";
    private static final int SATURATION = -1;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration USER_KNOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final long OPEN_TIMEOUT_SECONDS = 600;
    /** Frames between safepoints too, so that the profile charges inlined code to the right method. */
    private static final String PROFILING_FLAGS = "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints";
    private static final String NMT_FLAGS = "-XX:NativeMemoryTracking=summary";
    /** Rows of the idle scenario's table of the classes that grew most. */
    private static final int CLASS_ROWS = 25;
    /** A row of {@code jcmd GC.class_histogram}: rank, instances, bytes, class. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern NMT_COMMITTED = Pattern.compile("committed=(\\d+)KB");
    private static final String FANOUT_TIMER = "gateway_fanout_write_seconds";
    private static final String POLL_RECORDS = "gateway_poll_records";
    private static final long PROFILE_KEPT_BYTES = 2 * 1024 * 1024;
    private static final double MIB = 1024 * 1024;
    /** The gateway's fan-out costs counted inclusively in its profile. */
    private static final Map<String, java.util.function.Predicate<String>> GATEWAY_COSTS = new LinkedHashMap<>();

    static {
        GATEWAY_COSTS.put("Vert.x event loops (threads)", frame -> frame.startsWith("[vert.x-eventloop"));
        GATEWAY_COSTS.put("Kafka batch handling on workers (executor / vert.x-worker threads)",
                frame -> frame.startsWith("[executor-thread") || frame.startsWith("[vert.x-worker"));
        GATEWAY_COSTS.put("Kafka consumer polling threads (smallrye-kafka / kafka-coordinator)",
                frame -> frame.startsWith("[smallrye-kafka") || frame.startsWith("[kafka-"));
        GATEWAY_COSTS.put("GatewayListener (records → events)", frame -> frame.startsWith("io/chat/gateway/listener/"));
        GATEWAY_COSTS.put("fanout package (routing, frames, delivery)", frame -> frame.startsWith("io/chat/gateway/fanout/"));
        GATEWAY_COSTS.put("Connection.send and the transport", frame -> frame.startsWith("io/chat/gateway/connection/")
                || frame.startsWith("io/chat/gateway/transport/"));
        GATEWAY_COSTS.put("websockets-next sendText", frame -> frame.startsWith("io/quarkus/websockets/next/runtime/")
                && frame.contains(".send"));
        GATEWAY_COSTS.put("WebSocket frame encode (Netty WebSocket08FrameEncoder)",
                frame -> frame.startsWith("io/netty/handler/codec/http/websocketx/WebSocket08FrameEncoder"));
        GATEWAY_COSTS.put("String → UTF-8 (String.getBytes, Netty ByteBufUtil.writeUtf8)",
                frame -> frame.startsWith("java/lang/String.getBytes") || frame.startsWith("io/netty/buffer/ByteBufUtil.writeUtf8")
                        || frame.startsWith("java/lang/String.encodeUTF8"));
        GATEWAY_COSTS.put("Netty flush / socket write", frame -> frame.startsWith("io/netty/channel/AbstractChannelHandlerContext.invokeFlush")
                || frame.startsWith("io/netty/channel/socket/nio/NioSocketChannel.doWrite"));
        GATEWAY_COSTS.put("Jackson (any)", frame -> frame.startsWith("com/fasterxml/jackson/"));
        GATEWAY_COSTS.put("Kafka client (any)", frame -> frame.startsWith("org/apache/kafka/"));
        GATEWAY_COSTS.put("Micrometer", frame -> frame.startsWith("io/micrometer/"));
        GATEWAY_COSTS.put("kernel (frames marked [k])", frame -> frame.endsWith("_[k]"));
    }

    private final Path root;
    private final Path state;
    private final BenchOptions options;
    private final HttpClient http = ChatClient.newHttpClient();
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final StringBuilder out = new StringBuilder();

    private FanoutBenchmark(BenchOptions options) {
        this.options = options;
        this.root = options.root;
        this.state = root.resolve("bench/target/fanout");
    }

    public static void main(String[] args) throws Exception {
        new FanoutBenchmark(BenchOptions.parse(args)).run();
        System.exit(0);
    }

    private int option(String name, int defaultValue) {
        return options.integer(name, defaultValue);
    }

    private boolean flag(String name, boolean defaultValue) {
        return options.flag(name, defaultValue);
    }

    /**
     * Every gateway's JVM options: the scenario's flags and {@code --gateway-java-options} (e.g. system
     * properties that set the gateway's Kafka consumer, {@code -Dmp.messaging.incoming.chat-events.fetch.max.wait.ms=5}).
     */
    private Map<String, String> gatewayEnv(String flags) {
        String options = (flags + " " + this.options.text("gateway-java-options", "")).trim();
        return options.isEmpty() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", options);
    }

    private String label() {
        return options.text("label", "before");
    }

    private void run() throws Exception {
        Dirs.deleteRecursively(state);
        Files.createDirectories(state);
        out.append(String.format("### Fan-out (%s), written by `bench/run.sh fanout` on %s%n%n", label(), Instant.now()));
        out.append(String.format("%d cores, Java %s; options %s; gateway build %s. Kafka runs in the bench's JVM, which is also the load client.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), options, gitHead()));
        try (LocalStack stack = LocalStack.startInfrastructure(root, state, 0, 0);
                FanoutEvents events = new FanoutEvents(stack.kafka().bootstrapServers())) {
            // The run measures the build it started with, even if the gateway is rebuilt meanwhile.
            Path gatewayApp = state.resolve("gateway-service-app");
            WritePathBenchmark.copy(stack.appDir(LocalStack.GATEWAY), gatewayApp);
            TestTokens tokens = TestTokens.signedWith(stack.keys().privateKey());
            ServiceProcess chat = stack.startService(LocalStack.CHAT, Ports.free(), Map.of());
            Room room = room(chat, events, tokens, option("users", 20));
            if (flag("fanout", true)) {
                try (ServiceProcess gateway = stack.startService(LocalStack.GATEWAY, gatewayApp, Ports.free(),
                        gatewayEnv(PROFILING_FLAGS))) {
                    fanOut(gateway, stack, gatewayApp, events, room);
                }
                save();
            }
            int idle = option("idle", 20_000);
            if (idle > 0) {
                try (ServiceProcess gateway = stack.startService(LocalStack.GATEWAY, gatewayApp, Ports.free(),
                        gatewayEnv(NMT_FLAGS))) {
                    idleMemory(gateway, tokens, idle);
                }
                save();
            }
            int chatLikeRooms = option("chat-rooms", 1000);
            if (chatLikeRooms > 0) {
                try (ServiceProcess gateway = stack.startService(LocalStack.GATEWAY, gatewayApp, Ports.free(), gatewayEnv(""))) {
                    chatLike(chat, gateway, events, tokens, chatLikeRooms);
                }
                save();
            }
            int scale = option("scale", 0);
            if (scale > 0) {
                try (ServiceProcess gateway = stack.startService(LocalStack.GATEWAY, gatewayApp, Ports.free(), gatewayEnv(""))) {
                    scale(gateway, events, tokens, room, scale);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        save();
        System.out.println(out);
    }

    /** Writes what was measured so far: a run stopped later keeps its finished scenarios. */
    private void save() throws IOException {
        Results.write(root, "fanout-" + label(), out.toString());
    }

    /** The room of the fan-out runs: {@code users} users, known to chat-service through user.created. */
    private record Room(UUID id, List<TestTokens.TestUser> members) {
    }

    private Room room(ServiceProcess chat, FanoutEvents events, TestTokens tokens, int users) throws InterruptedException {
        List<TestTokens.TestUser> members = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            TestTokens.TestUser user = tokens.user();
            events.userCreated(UUID.fromString(user.id()), "fan_" + i + "_" + ChatBenchmark.shortId());
            members.add(user);
        }
        events.flush();
        ChatClient owner = new ChatClient(http, chat.url(), members.get(0).token());
        String room = untilKnown(() -> owner.post("/rooms", Map.of("name", "fan-out")), 201).text("id");
        for (TestTokens.TestUser member : members.subList(1, members.size())) {
            untilKnown(() -> owner.post("/rooms/" + room + "/members", Map.of("userId", member.id())), 201);
        }
        return new Room(UUID.fromString(room), members);
    }

    /** chat-service learns users from user-events: until it has read them, it does not know them. */
    private static ChatClient.Answer untilKnown(java.util.function.Supplier<ChatClient.Answer> call, int status)
            throws InterruptedException {
        long deadline = System.nanoTime() + USER_KNOWN_TIMEOUT.toNanos();
        ChatClient.Answer answer = call.get();
        while (answer.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = call.get();
        }
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + answer);
        }
        return answer;
    }

    // ---------------------------------------------------------------- fan-out: gateway vs ceiling

    /** Where a window's messages go and whose sockets read them. */
    /** @param pids the server processes whose CPU the window counts (two for the two-instance window) */
    private record Target(String name, List<Long> pids, FanoutSockets sockets, Consumer<String> publish, String baseUrl) {
    }

    /** One measured window. */
    private record Figures(String target, String load, int offered, double deliveriesPerSecond, double cpuSeconds,
            List<Double> cpuSecondsPerProcess, long deliveries, Stats.Percentiles latency, double othersCores, String loadAverage, long late, int closed,
            String fanoutTimer) {

        double deliveriesPerCpuSecond() {
            return deliveries / cpuSeconds;
        }
    }

    private void fanOut(ServiceProcess gateway, LocalStack stack, Path gatewayApp, FanoutEvents events, Room room)
            throws Exception {
        int socketCount = option("sockets", 200);
        int size = option("size", 100);
        int port = Ports.free();
        Process ceiling = startCeiling(port);
        try (FanoutSockets gatewaySockets = new FanoutSockets(vertx, List.of(LOOPBACK));
                FanoutSockets ceilingSockets = new FanoutSockets(vertx, List.of(LOOPBACK));
                FanoutSockets ceilingInput = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            List<TestTokens.TestUser> members = room.members();
            int opened = gatewaySockets.open(socketCount, LOOPBACK, gateway.port(), "/ws",
                    i -> members.get(i % members.size()).token(), OPEN_TIMEOUT_SECONDS);
            require(opened == socketCount, "gateway sockets opened: " + opened + " of " + socketCount + " "
                    + gatewaySockets.failures());
            require(ceilingSockets.open(socketCount, LOOPBACK, port, CeilingServer.SUBSCRIBE, i -> null, 60) == socketCount,
                    "ceiling sockets");
            require(ceilingInput.open(1, LOOPBACK, port, CeilingServer.PUBLISH, i -> null, 60) == 1, "ceiling input");

            UUID sender = UUID.fromString(members.get(0).id());
            Consumer<String> toGateway = text -> events.messageCreated(room.id(), sender, text);
            // The ceiling broadcasts the very frame the gateway writes for such a message, so both send the same bytes.
            String probe = FanoutSockets.text(size);
            String frame = firstFrame(gatewaySockets, () -> toGateway.accept(probe));
            int at = frame.indexOf(probe);
            String before = frame.substring(0, at);
            String after = frame.substring(at + probe.length());
            Consumer<String> toCeiling = text -> ceilingInput.send(before + text + after);
            out.append(String.format("Setup: %d WebSockets on the gateway (%d users, one room, %d per user), %d on the ceiling; "
                    + "each message's text is %d characters, its frame %d bytes (the gateway's `message.created` frame, "
                    + "which the ceiling is sent verbatim). Gateway input: `message.created` produced to `%s` by the bench "
                    + "(acks=1, linger 0); ceiling input: one WebSocket to it. Latency: the bench's send → the frame read "
                    + "by the load client (same JVM clock).%n%n", socketCount, members.size(), socketCount / members.size(),
                    socketCount, size, frame.getBytes(StandardCharsets.UTF_8).length, io.chat.contracts.Topics.CHAT_EVENTS));

            Target gw = new Target(GATEWAY, List.of(gateway.pid()), gatewaySockets, toGateway, gateway.url());
            Target ce = new Target(CEILING, List.of(ceiling.pid()), ceilingSockets, toCeiling, null);
            List<Integer> loads = new ArrayList<>(Stream.of(options.text("rates", "100,300").split(","))
                    .map(Integer::valueOf).toList());
            loads.add(SATURATION);
            // JIT: the first windows after a start would measure compilation, not the steady state.
            int serviceWarmup = option("service-warmup", 30);
            window(gw, loads.get(0), size, List.of(), serviceWarmup);
            window(ce, loads.get(0), size, List.of(), serviceWarmup);
            List<Figures> figures = new ArrayList<>();
            for (int round = 0; round < option("rounds", 1); round++) {
                for (int load : loads) {
                    figures.add(window(gw, load, size, List.of()));
                    figures.add(window(ce, load, size, List.of()));
                }
            }
            table(figures);
            if (flag("profile", true)) {
                int profiled = loads.get(loads.size() > 2 ? 1 : 0);
                profile(gw, profiled, size, "gateway code (io.chat)");
                // The same load and table for the ceiling: where the gateway's extra CPU per delivery goes.
                profile(ce, profiled, size, "ceiling code (io.chat.bench)");
            }
            if (flag("two-instances", true)) {
                twoInstances(stack, gatewayApp, gw, room, loads.get(loads.size() > 2 ? 1 : 0), size, figures);
            }
        } finally {
            ceiling.destroy();
            ceiling.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process startCeiling(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(PROFILING_FLAGS.split(" ")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CeilingServer.class.getName(),
                Integer.toString(port), Boolean.toString(flag("ceiling-native-transport", false))));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.contains(CeilingServer.READY)) {
            System.out.println("ceiling: " + line);
        }
        require(line != null, "the ceiling server exited before listening");
        Thread drain = new Thread(() -> reader.lines().forEach(l -> System.out.println("ceiling: " + l)), "ceiling-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    /** The first marked frame a group's sockets read after {@code send}. */
    private static String firstFrame(FanoutSockets sockets, Runnable send) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<String> first = new java.util.concurrent.atomic.AtomicReference<>();
        sockets.onFrame(f -> first.compareAndSet(null, f));
        send.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (first.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        sockets.onFrame(null);
        require(first.get() != null, "no frame reached the gateway's sockets within 30 s");
        awaitDelivered(sockets, sockets.size());
        return first.get();
    }

    private static boolean awaitDelivered(FanoutSockets sockets, long count) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (sockets.delivered() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sockets.delivered() >= count;
    }

    /**
     * A warm-up, then the measured part: {@code load} messages/s offered on a fixed schedule, or (saturation)
     * as many as keep {@code --inflight} messages sent and not yet read by every socket.
     */
    private Figures window(Target target, int load, int size, List<Profiler> profilers) throws Exception {
        return window(target, load, size, profilers, option("duration", 20));
    }

    /** @param profilers started when the measured part starts (none: an empty list) */
    private Figures window(Target target, int load, int size, List<Profiler> profilers, int duration) throws Exception {
        int warmup = option("warmup", 5);
        int inflight = option("inflight", 50);
        FanoutSockets sockets = target.sockets();
        int count = sockets.size();
        long expected = sockets.delivered();
        expected += drive(target, load, inflight, size, warmup) * count;
        ProcessCpu cpu = new ProcessCpu(target.pids().stream()
                .map(pid -> new ProcessCpu.Watched(Long.toString(pid), pid, false)).toArray(ProcessCpu.Watched[]::new));
        String loadAverage = loadAverage();
        Map<String, Double> metricsBefore = gatewayMeters(target.baseUrl());
        Stats latency = new Stats();
        int closedBefore = sockets.closed();
        long deliveredBefore = sockets.delivered();
        Map<String, Double> cpuBefore = cpu.sample();
        long t0 = System.nanoTime();
        sockets.record(latency);
        for (Profiler profiler : profilers) {
            profiler.start();
        }
        expected += drive(target, load, inflight, size, duration) * count;
        long deliveredAfter = sockets.delivered();
        Map<String, Double> cpuAfter = cpu.sample();
        double seconds = (System.nanoTime() - t0) / 1e9;
        sockets.record(null);
        boolean drained = awaitDelivered(sockets, expected);
        Map<String, Double> cores = ProcessCpu.cores(cpuBefore, cpuAfter, seconds);
        List<Double> perProcess = target.pids().stream().map(pid -> cores.get(Long.toString(pid)) * seconds).toList();
        long deliveries = deliveredAfter - deliveredBefore;
        String timer = timerSummary(metricsBefore, gatewayMeters(target.baseUrl()));
        return new Figures(target.name(), load == SATURATION ? "saturation (" + inflight + " messages in flight)"
                : String.format("%d msg/s = %d deliveries/s offered", load, load * count), load, deliveries / seconds,
                perProcess.stream().mapToDouble(Double::doubleValue).sum(), perProcess, deliveries, latency.percentiles(),
                cores.get(ProcessCpu.OTHERS), loadAverage, drained ? 0 : expected - sockets.delivered(),
                sockets.closed() - closedBefore, timer);
    }

    /** Sends for {@code seconds}; @return the messages sent. */
    private static long drive(Target target, int load, int inflight, int size, int seconds) {
        FanoutSockets sockets = target.sockets();
        long deliveredAtStart = sockets.delivered();
        long count = sockets.size();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (load == SATURATION) {
                while ((sent - inflight) * count < sockets.delivered() - deliveredAtStart) {
                    target.publish().accept(FanoutSockets.text(size));
                    sent++;
                }
                LockSupport.parkNanos(50_000);
            } else {
                long due = (now - start) * load / 1_000_000_000L;
                while (sent < due) {
                    target.publish().accept(FanoutSockets.text(size));
                    sent++;
                }
                LockSupport.parkNanos(500_000);
            }
        }
        return sent;
    }

    private void table(List<Figures> figures) {
        out.append("| server | load | deliveries/s | server CPU-s per 10k deliveries | deliveries per server CPU-s | "
                + "delivery latency | rest of the machine (cores, incl. the bench's JVM: Kafka, load client) | load avg 1/5 min at start | checks | gateway timer (consumed → written) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Figures f : figures) {
            out.append(String.format("| %s | %s | %.0f | %.3f | %.0f | %s | %.2f | %s | %s | %s |%n", f.target(), f.load(),
                    f.deliveriesPerSecond(), f.cpuSeconds() / f.deliveries() * 10_000, f.deliveriesPerCpuSecond(),
                    f.latency(), f.othersCores(), f.loadAverage(), checks(f), f.fanoutTimer()));
        }
        out.append("\n**gateway ÷ ceiling, deliveries per own CPU-second** (same load, adjacent windows): ");
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i + 1 < figures.size(); i += 2) {
            Figures gw = figures.get(i);
            Figures ce = figures.get(i + 1);
            ratios.add(String.format("%s: %.0f ÷ %.0f = **%.2f** (deliveries/s %.0f vs %.0f)", gw.load(),
                    gw.deliveriesPerCpuSecond(), ce.deliveriesPerCpuSecond(),
                    gw.deliveriesPerCpuSecond() / ce.deliveriesPerCpuSecond(), gw.deliveriesPerSecond(),
                    ce.deliveriesPerSecond()));
        }
        out.append(String.join("; ", ratios)).append(".\n\n");
    }

    private static String checks(Figures f) {
        String late = f.late() == 0 ? "all delivered" : "**" + f.late() + " not delivered within " + DRAIN_TIMEOUT.toSeconds() + " s**";
        return f.closed() == 0 ? late : late + ", **" + f.closed() + " sockets closed**";
    }

    /**
     * The gateway's fan-out timer and records per poll from /q/metrics, if the build has them: count, sum,
     * max, quantiles.
     */
    private Map<String, Double> gatewayMeters(String baseUrl) throws IOException, InterruptedException {
        Map<String, Double> values = new LinkedHashMap<>();
        if (baseUrl == null) {
            return values;
        }
        for (String line : metrics(baseUrl).split("\n")) {
            if (line.startsWith(FANOUT_TIMER) || line.startsWith(POLL_RECORDS)) {
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return values;
    }

    private static String timerSummary(Map<String, Double> before, Map<String, Double> after) {
        if (after.isEmpty()) {
            return "not in this build";
        }
        List<String> parts = new ArrayList<>();
        double count = after.getOrDefault(FANOUT_TIMER + "_count", 0.0) - before.getOrDefault(FANOUT_TIMER + "_count", 0.0);
        double sum = after.getOrDefault(FANOUT_TIMER + "_sum", 0.0) - before.getOrDefault(FANOUT_TIMER + "_sum", 0.0);
        if (count > 0) {
            parts.add(String.format("mean %.2f ms (n=%.0f)", sum / count * 1000, count));
        }
        after.forEach((name, value) -> {
            if (name.startsWith(POLL_RECORDS)) {
                return;
            }
            if (name.contains("quantile=\"0.99\"")) {
                parts.add(String.format("p99 %.2f ms", value * 1000));
            } else if (name.startsWith(FANOUT_TIMER + "_max")) {
                parts.add(String.format("max %.2f ms", value * 1000));
            }
        });
        double polls = after.getOrDefault(POLL_RECORDS + "_count", 0.0) - before.getOrDefault(POLL_RECORDS + "_count", 0.0);
        if (polls > 0) {
            double records = after.getOrDefault(POLL_RECORDS + "_sum", 0.0) - before.getOrDefault(POLL_RECORDS + "_sum", 0.0);
            parts.add(String.format("%.2f records per poll (%.0f polls)", records / polls, polls));
        }
        return String.join(", ", parts);
    }

    private String metrics(String baseUrl) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A server under async-profiler at the given load: its own window, not in the table above. */
    private void profile(Target target, int load, int size, String ownCode) throws Exception {
        String server = target.name();
        Profiler profiler = Profiler.forProcess(target.pids().get(0), state.resolve("profile-" + server));
        Figures f = window(target, load, size, List.of(profiler));
        double microsPerDelivery = f.cpuSeconds() / f.deliveries() * 1e6;
        keepProfile(profiler, server, server.equals(GATEWAY) ? "" : "-" + server, microsPerDelivery, ownCode,
                String.format("%s, async-profiler event %s, 1 ms interval, a window of its own at %s: "
                        + "%.0f deliveries/s, %.1f µs %s CPU per delivery", server, profiler.event(), f.load(),
                        f.deliveriesPerSecond(), microsPerDelivery, server));
    }

    /**
     * Stops {@code profiler}, appends its summary under "Profile: {@code heading}" and keeps the summary
     * (bench/profiles/fanout-LABEL{@code suffix}.md) and, when small enough, the flame graph and stacks.
     */
    private void keepProfile(Profiler profiler, String server, String suffix, double microsPerDelivery, String ownCode,
            String heading) throws Exception {
        Path dir = state.resolve("profile-" + server);
        Path html = dir.resolve(server + ".html");
        Path collapsed = dir.resolve(server + ".collapsed");
        profiler.stop(html, collapsed);
        String summary = ProfileSummary.read(collapsed, GATEWAY_COSTS).markdown(microsPerDelivery, "delivery")
                // Owners are by package: in this process io.chat is the server's own code.
                .replace("chat-service and outbox code", ownCode);
        out.append("#### Profile: ").append(heading).append("\n\n").append(summary).append('\n');
        Path kept = root.resolve("bench/profiles");
        Files.createDirectories(kept);
        String name = "fanout-" + label();
        Files.writeString(kept.resolve(name + suffix + ".md"), summary);
        for (Path file : List.of(html, collapsed)) {
            if (Files.size(file) <= PROFILE_KEPT_BYTES) {
                Files.copy(file, kept.resolve(name + "-" + file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * A second gateway instance with its own consumer groups: half of the sockets on each, every event read by
     * both, one window counting both instances' CPU; per-instance CPU per own delivery against the one-instance
     * window at the same message rate.
     */
    private void twoInstances(LocalStack stack, Path gatewayApp, Target first, Room room, int load, int size,
            List<Figures> single) throws Exception {
        int total = first.sockets().size();
        int half = total / 2;
        List<TestTokens.TestUser> members = room.members();
        try (ServiceProcess second = stack.startService(LocalStack.GATEWAY, gatewayApp, Ports.free(),
                gatewayEnv(PROFILING_FLAGS));
                FanoutSockets both = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            // The first instance's sockets are closed: each user's cap of connections is per instance.
            first.sockets().close();
            both.open(half, LOOPBACK, Integer.parseInt(first.baseUrl().replaceAll(".*:", "")), "/ws",
                    i -> members.get(i % members.size()).token(), OPEN_TIMEOUT_SECONDS);
            both.open(half, LOOPBACK, second.port(), "/ws", i -> members.get(i % members.size()).token(), OPEN_TIMEOUT_SECONDS);
            require(both.size() == 2 * half, "two-instance sockets: " + both.size() + " " + both.failures());
            Thread.sleep(SETTLE.toMillis());
            Target two = new Target("two gateways", List.of(first.pids().get(0), second.pid()), both, first.publish(),
                    first.baseUrl());
            // The second instance has just started: without this its first window would measure its JIT compiler.
            window(two, load, size, List.of(), option("service-warmup", 30));
            // Both instances profiled in the same window: where the second one's extra CPU per delivery goes.
            List<Profiler> profilers = new ArrayList<>();
            if (flag("profile", true)) {
                for (int i = 0; i < two.pids().size(); i++) {
                    profilers.add(Profiler.forProcess(two.pids().get(i), state.resolve("profile-instance-" + (i + 1))));
                }
            }
            Figures f = window(two, load, size, profilers);
            out.append("#### Two gateway instances, each consuming every event, " + half + " sockets on each\n\n");
            out.append(String.format("One window at %d msg/s into the room: %.0f deliveries/s in all; CPU-s per 10k own "
                    + "deliveries: instance 1 %.3f, instance 2 %.3f (latency %s, load avg %s, %s).%n", load,
                    f.deliveriesPerSecond(), f.cpuSecondsPerProcess().get(0) / (f.deliveries() / 2.0) * 10_000,
                    f.cpuSecondsPerProcess().get(1) / (f.deliveries() / 2.0) * 10_000, f.latency(), f.loadAverage(), checks(f)));
            single.stream().filter(one -> one.target().equals(GATEWAY) && one.offered() == load).findFirst()
                    .ifPresent(one -> out.append(String.format("One instance with all %d sockets at the same message rate "
                            + "(table above): %.3f CPU-s per 10k deliveries, %.0f deliveries/s.%n%n", total,
                            one.cpuSeconds() / one.deliveries() * 10_000, one.deliveriesPerSecond())));
            for (int i = 0; i < profilers.size(); i++) {
                double micros = f.cpuSecondsPerProcess().get(i) / (f.deliveries() / 2.0) * 1e6;
                keepProfile(profilers.get(i), "instance-" + (i + 1), "-instance-" + (i + 1), micros, "gateway code (io.chat)",
                        String.format("gateway instance %d of two, async-profiler event %s, 1 ms interval, the window "
                                + "above: %.1f µs of its CPU per own delivery", i + 1, profilers.get(i).event(), micros));
            }
        }
    }

    // ---------------------------------------------------------------- idle memory

    /**
     * {@code count} idle sockets on a fresh gateway (users of signed tokens, {@code max-connections-per-user}
     * each, in no room): heap after a full GC, native memory (NMT) and RSS before and after.
     */
    private void idleMemory(ServiceProcess gateway, TestTokens tokens, int count) throws Exception {
        int perUser = 10;
        List<String> userTokens = new ArrayList<>();
        for (int i = 0; i < (count + perUser - 1) / perUser; i++) {
            userTokens.add(tokens.user().token());
        }
        Memory before = memory(gateway);
        Map<String, long[]> classesBefore = classHistogram(gateway.pid());
        long t0 = System.nanoTime();
        String path = flag("idle-stomp", false) ? FanoutSockets.STOMP_PATH : "/ws";
        boolean browserHeaders = flag("idle-browser-headers", false);
        try (FanoutSockets sockets = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            if (browserHeaders) {
                sockets.withHeaders(FanoutSockets.BROWSER_HEADERS);
            }
            int opened = sockets.open(count, LOOPBACK, gateway.port(), path, i -> userTokens.get(i / perUser),
                    option("open-timeout", 600));
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(SETTLE.toMillis());
            Memory after = memory(gateway);
            int n = opened;
            out.append(String.format("#### Idle connections: %d WebSockets on `%s` (%d users × %d)%s on a fresh gateway with NMT on%n%n",
                    opened, path, userTokens.size(), perUser,
                    browserHeaders ? ", upgrades with a browser's headers" : ""));
            if (opened < count) {
                out.append(String.format("**%d of %d opened**: %s%n%n", opened, count, sockets.failures()));
            }
            out.append(String.format("Opened in %.1f s (%.0f/s, welcome read on each; %d attempts retried). Load avg %s.%n%n",
                    connectSeconds, opened / connectSeconds, sockets.retries(), loadAverage()));
            out.append("| | before | after | per connection |\n|---|---|---|---|\n");
            out.append(memoryRow("heap used after full GC", before.heap(), after.heap(), n));
            out.append(memoryRow("NMT committed, all (heap included)", before.nmtTotal(), after.nmtTotal(), n));
            out.append(memoryRow("NMT committed, Java heap", before.nmtHeap(), after.nmtHeap(), n));
            out.append(memoryRow("NMT committed, Other (direct/Unsafe buffers: Netty)", before.nmtOther(), after.nmtOther(), n));
            out.append(memoryRow("heap after GC + NMT Other", before.heap() + before.nmtOther(), after.heap() + after.nmtOther(), n));
            out.append(memoryRow("process RSS", before.rss(), after.rss(), n));
            out.append('\n');
            classGrowth("the gateway", classesBefore, classHistogram(gateway.pid()), n);
        }
        idleCeiling(count);
    }

    /** The same idle sockets on a fresh ceiling server: what Vert.x and Netty alone hold per WebSocket. */
    private void idleCeiling(int count) throws Exception {
        int port = Ports.free();
        Process ceiling = startCeiling(port);
        try (FanoutSockets sockets = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            Map<String, long[]> before = classHistogram(ceiling.pid());
            int opened = sockets.open(count, LOOPBACK, port, CeilingServer.SUBSCRIBE, i -> null, option("open-timeout", 600));
            Thread.sleep(SETTLE.toMillis());
            out.append(String.format("The same %d idle WebSockets on a fresh ceiling server (bare Vert.x, no auth, no state):%n%n", opened));
            classGrowth("the ceiling", before, classHistogram(ceiling.pid()), opened);
        } finally {
            ceiling.destroy();
            ceiling.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Live heap objects by class ({@code jcmd GC.class_histogram}, after a full GC): class → {instances, bytes}. */
    private static Map<String, long[]> classHistogram(long pid) throws IOException, InterruptedException {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.find()) {
                classes.merge(m.group(3), new long[] { Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) },
                        (a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
            }
        }
        return classes;
    }

    /** The classes whose live bytes grew most with the idle connections, per connection. */
    private void classGrowth(String server, Map<String, long[]> before, Map<String, long[]> after, int n) {
        record Growth(String name, double instances, double bytes) {
        }
        List<Growth> growth = new ArrayList<>();
        after.forEach((name, counts) -> {
            long[] was = before.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, (counts[0] - was[0]) / (double) n, (counts[1] - was[1]) / (double) n));
        });
        growth.sort(Comparator.comparingDouble(Growth::bytes).reversed());
        double total = growth.stream().mapToDouble(Growth::bytes).sum();
        double own = growth.stream().filter(g -> g.name().startsWith("io.chat.")).mapToDouble(Growth::bytes).sum();
        out.append(String.format("Live heap of %s by class (`jcmd GC.class_histogram`, after a full GC), growth per connection: "
                + "%.0f bytes in all, %.0f of them in the project's own classes (`io.chat.*`); the %d largest:%n%n"
                + "| class | instances | bytes |%n|---|---|---|%n", server, total, own, CLASS_ROWS));
        growth.stream().limit(CLASS_ROWS).forEach(g -> out.append(String.format("| `%s` | %.2f | %.0f |%n",
                g.name(), g.instances(), g.bytes())));
        out.append('\n');
    }

    private record Memory(double heap, double nmtTotal, double nmtHeap, double nmtOther, double rss) {
    }

    private static String memoryRow(String name, double before, double after, int n) {
        return String.format("| %s | %.1f MiB | %.1f MiB | %.2f KiB |%n", name, before / MIB, after / MIB,
                (after - before) / 1024 / n);
    }

    private Memory memory(ServiceProcess gateway) throws IOException, InterruptedException {
        jcmd(gateway.pid(), "GC.run");
        double heap = 0;
        for (String line : metrics(gateway.url()).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        // NaN where NMT is off (the scale run's gateway).
        String nmt = jcmd(gateway.pid(), "VM.native_memory", "summary");
        return new Memory(heap, nmtCommitted(nmt, "Total"), nmtCommitted(nmt, "Java Heap"), nmtCommitted(nmt, "Other"),
                rss(gateway.pid()));
    }

    /** The committed KB of a category of {@code jcmd VM.native_memory summary}, in bytes. */
    private static double nmtCommitted(String summary, String category) {
        for (String line : summary.split("\n")) {
            String trimmed = line.trim().replaceFirst("^-\\s*", "");
            if (trimmed.startsWith(category + " (") || trimmed.startsWith(category + ":")) {
                Matcher m = NMT_COMMITTED.matcher(trimmed);
                if (m.find()) {
                    return Double.parseDouble(m.group(1)) * 1024;
                }
            }
        }
        return Double.NaN;
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private static double rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Double.NaN;
    }

    // ---------------------------------------------------------------- chat-like

    /**
     * {@code rooms} rooms of {@code --chat-members} users, one socket per user, and {@code --chat-rate} posts/s
     * through chat-service's REST API (each by a room's owner, rooms in turn): POST sent → frame read.
     */
    private void chatLike(ServiceProcess chat, ServiceProcess gateway, FanoutEvents events, TestTokens tokens, int rooms)
            throws Exception {
        int members = option("chat-members", 10);
        int rate = option("chat-rate", 200);
        int duration = option("chat-duration", option("duration", 20));
        List<TestTokens.TestUser> users = new ArrayList<>();
        for (int i = 0; i < rooms * members; i++) {
            TestTokens.TestUser user = tokens.user();
            events.userCreated(UUID.fromString(user.id()), "chat_" + i + "_" + ChatBenchmark.shortId());
            users.add(user);
        }
        events.flush();
        long setup = System.nanoTime();
        List<String> roomIds = java.util.Collections.synchronizedList(new ArrayList<>(java.util.Collections.nCopies(rooms, "")));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Callable<Void>> creations = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                int index = r;
                creations.add(() -> {
                    ChatClient owner = new ChatClient(http, chat.url(), users.get(index * members).token());
                    String id = untilKnown(() -> owner.post("/rooms", Map.of("name", "chat-like")), 201).text("id");
                    for (int m = 1; m < members; m++) {
                        String member = users.get(index * members + m).id();
                        untilKnown(() -> owner.post("/rooms/" + id + "/members", Map.of("userId", member)), 201);
                    }
                    roomIds.set(index, id);
                    return null;
                });
            }
            for (var creation : pool.invokeAll(creations)) {
                creation.get();
            }
        } finally {
            pool.shutdown();
        }
        double setupSeconds = (System.nanoTime() - setup) / 1e9;
        try (FanoutSockets sockets = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            long t0 = System.nanoTime();
            int opened = sockets.open(users.size(), LOOPBACK, gateway.port(), "/ws", i -> users.get(i).token(),
                    OPEN_TIMEOUT_SECONDS);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            require(opened == users.size(), "chat-like sockets opened: " + opened + " " + sockets.failures());
            ProcessCpu cpu = new ProcessCpu(new ProcessCpu.Watched(GATEWAY, gateway.pid(), false),
                    new ProcessCpu.Watched("chat-service", chat.pid(), false));
            Posts warm = post(chat, users, roomIds, members, rate, option("warmup", 5), null);
            awaitDelivered(sockets, warm.created() * (long) members);
            Stats latency = new Stats();
            String loadAverage = loadAverage();
            long deliveredBefore = sockets.delivered();
            Map<String, Double> metersBefore = gatewayMeters(gateway.url());
            Map<String, Double> before = cpu.sample();
            long start = System.nanoTime();
            sockets.record(latency);
            Posts posts = post(chat, users, roomIds, members, rate, duration, new Stats());
            long expected = deliveredBefore + posts.created() * (long) members;
            boolean drained = awaitDelivered(sockets, expected);
            double seconds = (System.nanoTime() - start) / 1e9;
            sockets.record(null);
            Map<String, Double> cores = ProcessCpu.cores(before, cpu.sample(), seconds);
            String timer = timerSummary(metersBefore, gatewayMeters(gateway.url()));
            out.append(String.format("#### Chat-like: %d connections in %d rooms of %d, %d posts/s offered through chat-service%n%n",
                    opened, rooms, members, rate));
            out.append(String.format("Setup: %d users made known to chat-service by `user.created` on `user-events`, rooms "
                    + "and members through its REST API (%.0f s); sockets opened in %.1f s (%d attempts retried). %d s measured "
                    + "after %d s of warm-up; load avg at start %s.%n%n", users.size(), setupSeconds, connectSeconds,
                    sockets.retries(), duration,
                    option("warmup", 5), loadAverage));
            out.append("| posts answered 201 (per s) | other answers | POST answer time | POST sent → frame read (every member) | deliveries | gateway cores | chat-service cores | other processes (cores) | gateway timer (consumed → written) |\n");
            out.append("|---|---|---|---|---|---|---|---|---|\n");
            out.append(String.format("| %d (%.0f/s) | %d | %s | %s | %s | %.2f | %.2f | %.2f | %s |%n%n", posts.created(),
                    posts.created() / (double) duration, posts.failed(), posts.answers().percentiles(), latency.percentiles(),
                    drained ? "all " + (expected - deliveredBefore) : "**" + (sockets.delivered() - deliveredBefore) + " of "
                            + (expected - deliveredBefore) + "**", cores.get(GATEWAY), cores.get("chat-service"),
                    cores.get(ProcessCpu.OTHERS), timer));
        }
    }

    private record Posts(long created, long failed, Stats answers) {
    }

    /** {@code rate} posts/s for {@code seconds}, each by its room's owner, rooms in turn; waits for every answer. */
    private Posts post(ServiceProcess chat, List<TestTokens.TestUser> users, List<String> rooms, int members, int rate,
            int seconds, Stats answers) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(64);
        java.util.concurrent.atomic.AtomicLong created = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        Stats times = answers == null ? new Stats() : answers;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            long due = (now - start) * rate / 1_000_000_000L;
            while (sent < due) {
                int room = (int) (sent % rooms.size());
                ChatClient owner = new ChatClient(http, chat.url(), users.get(room * members).token());
                pool.execute(() -> {
                    long t0 = System.nanoTime();
                    int status = owner.post("/rooms/" + rooms.get(room) + "/messages", Map.of("text", FanoutSockets.text(100))).status();
                    times.add((System.nanoTime() - t0) / 1000);
                    (status == 201 ? created : failed).incrementAndGet();
                });
                sent++;
            }
            LockSupport.parkNanos(1_000_000);
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        return new Posts(created.get(), failed.get(), times);
    }

    // ---------------------------------------------------------------- scale

    /**
     * As many sockets as open toward {@code count} on a fresh gateway, from several loopback source
     * addresses (each has its own ephemeral port range), plus the fan-out room's sockets, which must still
     * get the room's messages: connect time, heap after GC, RSS.
     */
    private void scale(ServiceProcess gateway, FanoutEvents events, TestTokens tokens, Room room, int count) throws Exception {
        int perUser = 10;
        int perAddress = option("per-address", 25_000);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < (count + perAddress - 1) / perAddress; i++) {
            addresses.add("127.0.0." + (i + 2));
        }
        List<String> userTokens = new ArrayList<>();
        for (int i = 0; i < (count + perUser - 1) / perUser; i++) {
            userTokens.add(tokens.user().token());
        }
        Memory before = memory(gateway);
        try (FanoutSockets idle = new FanoutSockets(vertx, addresses);
                FanoutSockets members = new FanoutSockets(vertx, List.of(LOOPBACK))) {
            long t0 = System.nanoTime();
            int opened = idle.open(count, LOOPBACK, gateway.port(), "/ws", i -> userTokens.get(i / perUser),
                    option("scale-timeout", 600));
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            int memberSockets = room.members().size();
            members.open(memberSockets, LOOPBACK, gateway.port(), "/ws", i -> room.members().get(i).token(), 120);
            Thread.sleep(SETTLE.toMillis());
            Memory after = memory(gateway);
            int messages = 100;
            Stats latency = new Stats();
            members.record(latency);
            UUID sender = UUID.fromString(room.members().get(0).id());
            for (int i = 0; i < messages; i++) {
                events.messageCreated(room.id(), sender, FanoutSockets.text(option("size", 100)));
                Thread.sleep(10);
            }
            boolean all = awaitDelivered(members, (long) messages * members.size());
            members.record(null);
            out.append(String.format("#### Scale: %d of %d sockets opened on one gateway (%d users × %d, source addresses %s)%n%n",
                    opened, count, userTokens.size(), perUser, addresses));
            if (opened < count) {
                out.append("Failures: " + idle.failures() + "; closed later: " + idle.closed() + ".\n\n");
            }
            out.append(String.format("Connect time %.1f s (%.0f/s, welcome read on each, %d attempts retried); heap after GC %.1f → %.1f MiB, "
                    + "RSS %.1f → %.1f MiB (%.2f KiB RSS per connection); load avg %s. Then %d room members on %d more sockets: "
                    + "%d messages at 100/s → %s, delivery latency %s.%n%n", connectSeconds, opened / connectSeconds, idle.retries(),
                    before.heap() / MIB, after.heap() / MIB, before.rss() / MIB, after.rss() / MIB,
                    (after.rss() - before.rss()) / 1024 / Math.max(1, opened), loadAverage(), room.members().size(),
                    members.size(), messages, all ? "all delivered" : "**" + members.delivered() + " of "
                            + (long) messages * members.size() + " delivered**", latency.percentiles()));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " / " + fields[1];
    }

    private String gitHead() {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "log", "-1", "--format=%h %s").start();
            String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            git.waitFor(10, TimeUnit.SECONDS);
            return "`" + head.replace("`", "'") + "`";
        } catch (IOException | InterruptedException e) {
            return "(unknown)";
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Fan-out bench setup failed: " + what);
        }
    }
}
