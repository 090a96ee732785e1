package io.chat.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.bench.WritePlan.Figures;
import io.chat.local.LocalStack;
import io.chat.testkit.ChatClient;
import io.chat.testkit.Dirs;
import io.chat.testkit.EmbeddedDatabase;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;

/**
 * {@code bench/run.sh write-path}: chat-service's write path against the same transaction over plain
 * JDBC, on the embedded PostgreSQL as the tests run it (fsync off) and with fsync and synchronous commit
 * on. Starts a private stack (Kafka runs in this JVM), lets a separate load-client process
 * ({@link WriteLoad}) run the scenarios, and writes the "Write path" section of bench/results.md.
 *
 * <p>Options: {@code --duration=60 --warmup=10 --service-warmup=240 --rate=1000 --rounds=2 --clients=64
 * --fsync=off,on}; {@code --rate} may be a comma list (one open loop per rate); {@code --label=before}
 * names the run's block in bench/results.md and the profile kept in bench/profiles (write-path-LABEL);
 * the profile is taken on the first fsync setting ({@code --profile=false}: no profiled run);
 * {@code --chat-env=NAME=VALUE} (repeatable) adds to chat-service's environment.
 */
public final class WritePathBenchmark {

    static final String CHAT = "chat-service";
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka (launcher JVM)";
    static final String CLIENT = "load client";
    private static final List<String> PROCESSES = List.of(CHAT, POSTGRES, KAFKA, CLIENT, ProcessCpu.OTHERS);
    private static final String TOKEN_LIFETIME = "4h";
    private static final Duration USER_KNOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration USER_KNOWN_POLL = Duration.ofMillis(200);
    /** Frames between safepoints too, so that the profile charges inlined code to the right method. */
    private static final String PROFILING_FLAGS = "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints";
    private static final long PROFILE_KEPT_BYTES = 2 * 1024 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path root;
    private final Path state;
    private final BenchOptions options;
    private final HttpClient http = ChatClient.newHttpClient();
    private final Path chatApp;

    private WritePathBenchmark(BenchOptions options) {
        this.options = options;
        this.root = options.root;
        this.state = root.resolve("bench/target/write-path");
        this.chatApp = state.resolve("chat-service-app");
    }

    public static void main(String[] args) throws Exception {
        new WritePathBenchmark(BenchOptions.parse(args)).run();
        System.exit(0);
    }

    private int option(String name, int defaultValue) {
        return options.integer(name, defaultValue);
    }

    private void run() throws Exception {
        WritePlan.Settings settings = new WritePlan.Settings(option("duration", 60), option("warmup", 10),
                // On this machine, shared with builds, chat-service needed up to 2.4 times more CPU per post one
                // minute after its start than nine minutes in: JIT compilation competes with the load.
                option("service-warmup", 240),
                Stream.of(options.text("rate", "1000").split(",")).map(Integer::valueOf).toList(),
                option("rounds", 2));
        int clients = option("clients", 64);
        List<String> fsyncSettings = List.of(options.text("fsync", "off,on").split(","));
        boolean profile = options.flag("profile", true);
        Dirs.deleteRecursively(state);
        StringBuilder section = new StringBuilder();
        section.append(header(options.text("label", "before"), settings, clients));
        if (!options.chatEnv().isEmpty()) {
            section.append("chat-service's environment adds: `").append(options.chatEnv()).append("`.\n\n");
        }
        try (LocalStack stack = LocalStack.startInfrastructure(root, state, 0, 0)) {
            // The run measures the build it started with, even if chat-service is rebuilt meanwhile.
            copy(stack.appDir(LocalStack.CHAT), chatApp);
            List<ChatClient.Account> accounts = signUp(stack, clients);
            for (String fsync : fsyncSettings) {
                boolean profiled = profile && fsync.equals(fsyncSettings.get(0));
                section.append(measure(stack, accounts, fsync.equals("on"), settings, profiled));
            }
        }
        Results.write(root, name(), section.toString());
        System.out.println(section);
    }

    /** Registers the clients' users, then stops user-service so that it takes no CPU during the runs. */
    private List<ChatClient.Account> signUp(LocalStack stack, int clients) {
        List<ChatClient.Account> accounts = new ArrayList<>();
        try (ServiceProcess users = stack.startService(LocalStack.USERS, Ports.free(),
                Map.of("CHAT_USERS_TOKEN_LIFETIME", TOKEN_LIFETIME))) {
            for (int i = 0; i < clients; i++) {
                accounts.add(ChatClient.signUp(http, users.url(), "wp_" + i + "_" + ChatBenchmark.shortId(),
                        ChatBenchmark.PASSWORD));
            }
        }
        return accounts;
    }

    /** One database setting: its own chat-service, rooms and load-client run. */
    private String measure(LocalStack stack, List<ChatClient.Account> accounts, boolean durable,
            WritePlan.Settings settings, boolean profiled) throws Exception {
        Path dataDir = state.resolve(durable ? "postgres-fsync" : "postgres");
        EmbeddedDatabase durableDatabase = durable
                ? EmbeddedDatabase.start(0, dataDir, Map.of("fsync", "on", "synchronous_commit", "on"))
                : null;
        try {
            Map<String, String> env = new HashMap<>(options.chatEnv());
            env.put("JAVA_TOOL_OPTIONS", PROFILING_FLAGS);
            String jdbcUrl = stack.database().createDatabase(LocalStack.CHAT.database());
            if (durable) {
                jdbcUrl = durableDatabase.createDatabase(LocalStack.CHAT.database());
                env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
            }
            // Its own consumer group: a second chat-service, on a fresh database, reads user-events from the start.
            env.put("MP_MESSAGING_INCOMING_USER_EVENTS_GROUP_ID", "chat-service-" + dataDir.getFileName());
            try (ServiceProcess chat = stack.startService(LocalStack.CHAT, chatApp, Ports.free(), env)) {
                List<WritePlan.Client> clients = new ArrayList<>();
                for (ChatClient.Account account : accounts) {
                    ChatClient client = new ChatClient(http, chat.url(), account.token());
                    clients.add(new WritePlan.Client(account.id(), account.token(), createRoom(client, "write-path")));
                }
                ChatClient owner = new ChatClient(http, chat.url(), accounts.get(0).token());
                String hotRoom = createRoom(owner, "hot room");
                for (ChatClient.Account member : accounts.subList(1, accounts.size())) {
                    addMember(owner, hotRoom, member.id());
                }
                Map<String, Long> processes = new LinkedHashMap<>();
                processes.put(CHAT, chat.pid());
                processes.put(POSTGRES, Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim()));
                processes.put(KAFKA, ProcessHandle.current().pid());
                Path profileDir = profiled ? state.resolve("profile") : null;
                WritePlan plan = new WritePlan(chat.url(), jdbcUrl, stack.kafka().bootstrapServers(), clients, hotRoom,
                        processes, settings, profileDir);
                WritePlan.Report report = runLoadClient(plan, durable ? "fsync-on" : "fsync-off");
                String section = section(settingsOf(jdbcUrl), accounts.size(), report);
                return profileDir == null ? section : section + profile(report, profileDir);
            }
        } finally {
            if (durableDatabase != null) {
                durableDatabase.close();
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static String createRoom(ChatClient owner, String name) {
        return expect(owner.post("/rooms", Map.of("name", name)), 201).text("id");
    }

    /**
     * chat-service adds only users it has learnt from user-service's events (404 before): a fresh
     * chat-service reads them from the start of user-events, so the first additions may have to wait.
     */
    private static void addMember(ChatClient owner, String room, String userId) throws InterruptedException {
        long deadline = System.nanoTime() + USER_KNOWN_TIMEOUT.toNanos();
        ChatClient.Answer answer = owner.post("/rooms/" + room + "/members", Map.of("userId", userId));
        while (answer.status() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(USER_KNOWN_POLL.toMillis());
            answer = owner.post("/rooms/" + room + "/members", Map.of("userId", userId));
        }
        expect(answer, 201);
    }

    private static ChatClient.Answer expect(ChatClient.Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + " but got " + answer);
        }
        return answer;
    }

    private WritePlan.Report runLoadClient(WritePlan plan, String name) throws IOException, InterruptedException {
        Path planFile = state.resolve(name + "-plan.json");
        Path reportFile = state.resolve(name + "-report.json");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(planFile.toFile(), plan);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process client = new ProcessBuilder(java, "-Xmx1g", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), WriteLoad.class.getName(), planFile.toString(),
                reportFile.toString()).inheritIO().start();
        int exit = client.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("The load client exited with " + exit);
        }
        return MAPPER.readValue(reportFile.toFile(), WritePlan.Report.class);
    }

    /** fsync and synchronous_commit as the server reports them. */
    private static String settingsOf(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
                Statement statement = connection.createStatement()) {
            List<String> values = new ArrayList<>();
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
                    rs.next();
                    values.add(setting + "=" + rs.getString(1));
                }
            }
            return String.join(", ", values);
        }
    }

    private static String header(String label, WritePlan.Settings settings, int clients) throws IOException {
        return String.format("""
                ## Write path (%s): POST /rooms/{id}/messages against the same transaction over JDBC

                Written by `bench/run.sh write-path` on %s — %d cores, Java %s (%s). PostgreSQL, Kafka,
                chat-service and the load client share the machine. chat-service first posts for %d s to warm up; then
                each scenario: the outbox relayed and the database vacuumed and analyzed, %d s warm-up, then %d s measured;
                baseline and chat-service alternate (%d rounds). The load client is a JVM of its own (Vert.x HTTP/1.1
                client, one event loop, keep-alive connections); CPU is `/proc/<pid>/stat` utime+stime over the
                measured window, in cores (1.00 = one core busy) and CPU time per post; "other processes" is the rest
                of the machine's busy time (/proc/stat), i.e. what other work on the machine took meanwhile. "DB commits
                per post" are the transactions committed in chat-service's database (pg_stat_database.xact_commit) per
                post: the post's own, and the outbox relay's (one per relay attempt, also when it finds nothing).
                %d clients, each a member of its own room (and all of one hot room).

                """, label, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), settings.serviceWarmup(), settings.warmup(), settings.duration(),
                settings.rounds(), clients);
    }

    private static String section(String dbSettings, int clients, WritePlan.Report report) {
        StringBuilder out = new StringBuilder();
        out.append("### PostgreSQL ").append(dbSettings).append("\n\n");
        out.append("| scenario | per second | answer time | checks | DB commits per post | ");
        PROCESSES.forEach(p -> out.append(p).append(" | "));
        out.append("load avg before |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Integer> rounds = new HashMap<>();
        List<Double> baselines = new ArrayList<>();
        List<Double> services = new ArrayList<>();
        for (Figures f : report.figures()) {
            int round = rounds.merge(f.scenario(), 1, Integer::sum);
            if (f.scenario().equals(WriteLoad.BASELINE)) {
                baselines.add(f.perSecond());
            } else if (f.scenario().equals(WriteLoad.SERVICE)) {
                services.add(f.perSecond());
            }
            out.append("| ").append(label(f, clients, round)).append(" | ")
                    .append(String.format("%.0f", f.perSecond())).append(" | ").append(f.answer()).append(" | ")
                    .append(checks(f)).append(" | ").append(String.format("%.2f", f.commitsPerPost())).append(" | ");
            for (String process : PROCESSES) {
                double cores = f.cpuCores().get(process);
                out.append(String.format("%.2f (%.0f µs)", cores, cores * 1e6 / f.perSecond())).append(" | ");
            }
            out.append(f.loadAverage()).append(" |\n");
        }
        out.append("\n**chat-service ÷ baseline** (64 clients over 64 rooms vs 64 JDBC threads over the same rooms): ");
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(baselines.size(), services.size()); i++) {
            ratios.add(String.format("round %d: %.0f ÷ %.0f = **%.2f**", i + 1, services.get(i), baselines.get(i),
                    services.get(i) / baselines.get(i)));
        }
        out.append(String.join("; ", ratios)).append(String.format("; all rounds: **%.2f**.%n",
                mean(services) / mean(baselines)));
        report.figures().stream().filter(f -> f.scenario().equals(WriteLoad.OPEN_LOOP)).forEach(f -> out.append(String.format(
                "%nOpen loop at %d posts/s, commit → event read by a Kafka consumer: from the 201's arrival at the client %s; "
                        + "from the event's `occurredAt` (set in the transaction, before the commit) %s.%n",
                f.offered(), f.eventAfterAnswer(), f.eventAfterOccurred())));
        return out.append('\n').toString();
    }

    private static String label(Figures f, int clients, int round) {
        return switch (f.scenario()) {
            case WriteLoad.BASELINE -> String.format("baseline: JDBC, %d threads / %d rooms, SELECT … FOR NO KEY UPDATE + UPDATE (round %d)",
                    clients, clients, round);
            case WriteLoad.SERVICE -> String.format("chat-service, %d clients / %d rooms (round %d)", clients, clients, round);
            case WriteLoad.HOT_ROOM -> String.format("chat-service, %d clients / 1 hot room", clients);
            case WriteLoad.OPEN_LOOP -> String.format("chat-service, open loop offered %d posts/s over %d rooms", f.offered(), clients);
            case WriteLoad.BASELINE_RETURNING -> String.format("baseline: JDBC, %d threads / %d rooms, one UPDATE … RETURNING",
                    clients, clients);
            case WriteLoad.PROFILED -> String.format("chat-service, %d clients / %d rooms, under async-profiler", clients, clients);
            default -> f.scenario();
        };
    }

    /** Statuses other than 201 by their meaning. */
    private static String statuses(Map<Integer, Integer> unexpected) {
        List<String> parts = new ArrayList<>();
        unexpected.forEach((status, count) -> parts.add(count + " × " + switch (status) {
            case -1 -> "request failed";
            case WriteLoad.UNANSWERED -> "unanswered when the bench moved on";
            default -> Integer.toString(status);
        }));
        return String.join(", ", parts);
    }

    private static String checks(Figures f) {
        if (f.eventsExpected() == null) {
            return f.unexpected().isEmpty() ? "all committed" : "failed: " + statuses(f.unexpected());
        }
        String statuses = f.unexpected().isEmpty() ? String.format("%d × 201, no other status", f.answered201())
                : String.format("%d × 201, **other: %s**", f.answered201(), statuses(f.unexpected()));
        String events = f.eventsLost() == 0
                ? String.format("all %d events on Kafka, lost = 0", f.eventsExpected())
                : String.format("**lost = %d** of %d events", f.eventsLost(), f.eventsExpected());
        String seqs = f.eventsExpected().equals(f.answered201()) ? "" : String.format(" (seqs taken: %d)", f.eventsExpected());
        return statuses + seqs + "; " + events + (f.eventRepeats() == 0 ? "" : ", " + f.eventRepeats() + " read twice");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Of this run's block in bench/results.md and of its kept profile: write-path-{--label}. */
    private String name() {
        return "write-path-" + options.text("label", "before");
    }

    /** The profile summary; it and the profile files that are small are kept in bench/profiles. */
    private String profile(WritePlan.Report report, Path profileDir) throws IOException {
        Path kept = root.resolve("bench/profiles");
        String name = name();
        Files.createDirectories(kept);
        StringBuilder out = new StringBuilder(String.format("%n#### Profile: chat-service, async-profiler event %s, 1 ms interval, "
                + "during the profiled run above%n%n", report.profileEvent()));
        out.append(report.profileMarkdown());
        Files.writeString(kept.resolve(name + ".md"), report.profileMarkdown());
        for (String file : List.of("chat-service.html", "chat-service.collapsed")) {
            Path source = profileDir.resolve(file);
            if (Files.size(source) <= PROFILE_KEPT_BYTES) {
                Files.copy(source, kept.resolve(name + "-" + file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out.toString();
    }
}
