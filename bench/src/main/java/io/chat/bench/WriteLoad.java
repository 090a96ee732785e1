package io.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.bench.HttpLoad.Target;
import io.chat.bench.HttpLoad.Tally;
import io.chat.bench.JdbcBaseline.Poster;
import io.chat.bench.JdbcBaseline.SeqStatement;
import io.chat.bench.WritePlan.Figures;
import io.chat.testkit.EmbeddedDatabase;

/**
 * The write-path load client, a process of its own so that its CPU is measured apart from Kafka (which
 * runs in the launcher) and from chat-service: runs every scenario of {@link WritePlan} against one
 * database setting and writes a {@link WritePlan.Report}. Arguments: plan file, report file.
 */
public final class WriteLoad {

    /** Scenario keys, in the order they run. */
    static final String BASELINE = "baseline";
    static final String SERVICE = "service";
    static final String HOT_ROOM = "hot-room";
    static final String BASELINE_RETURNING = "baseline-returning";
    static final String PROFILED = "profiled";
    static final String OPEN_LOOP = "open-loop";

    private static final int CONNECTIONS = 256;
    /** The status reported for open-loop posts still unanswered {@link #DRAIN_TIMEOUT} after the window. */
    static final int UNANSWERED = -2;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final WritePlan plan;
    private final Duration duration;
    private final Duration warmup;
    private final ProcessCpu cpu;
    private final JdbcBaseline baseline;
    private final List<Target> ownRooms = new ArrayList<>();
    private final List<Target> hotRoom = new ArrayList<>();
    private final List<Poster> posters = new ArrayList<>();

    private WriteLoad(WritePlan plan) {
        this.plan = plan;
        this.duration = Duration.ofSeconds(plan.settings().duration());
        this.warmup = Duration.ofSeconds(plan.settings().warmup());
        List<ProcessCpu.Watched> watched = new ArrayList<>();
        plan.processes().forEach((name, pid) -> watched.add(new ProcessCpu.Watched(name, pid, name.equals(WritePathBenchmark.POSTGRES))));
        watched.add(new ProcessCpu.Watched(WritePathBenchmark.CLIENT, ProcessHandle.current().pid(), false));
        this.cpu = new ProcessCpu(watched.toArray(ProcessCpu.Watched[]::new));
        this.baseline = new JdbcBaseline(plan.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
        for (WritePlan.Client client : plan.clients()) {
            ownRooms.add(new Target(client.token(), client.roomId()));
            hotRoom.add(new Target(client.token(), plan.hotRoom()));
            posters.add(new Poster(UUID.fromString(client.userId()), UUID.fromString(client.roomId())));
        }
    }

    public static void main(String[] args) throws Exception {
        WritePlan plan = MAPPER.readValue(Path.of(args[0]).toFile(), WritePlan.class);
        WritePlan.Report report = new WriteLoad(plan).run();
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), report);
        System.exit(0);
    }

    private WritePlan.Report run() throws Exception {
        List<Figures> figures = new ArrayList<>();
        String profileEvent = null;
        String profileMarkdown = null;
        try (HttpLoad http = new HttpLoad(plan.chatUrl(), CONNECTIONS)) {
            Duration serviceWarmup = Duration.ofSeconds(plan.settings().serviceWarmup());
            log("warming chat-service up for " + serviceWarmup.toSeconds() + " s");
            http.closedLoop(ownRooms, Window.after(Duration.ZERO, serviceWarmup), new Tally()).get();
            // Baseline and service alternate, so that the machine's noise hits both.
            for (int round = 0; round < plan.settings().rounds(); round++) {
                figures.add(baseline(BASELINE, SeqStatement.SELECT_FOR_UPDATE));
                figures.add(closedLoop(SERVICE, http, ownRooms, null));
            }
            figures.add(closedLoop(HOT_ROOM, http, hotRoom, null));
            figures.add(baseline(BASELINE_RETURNING, SeqStatement.UPDATE_RETURNING));
            if (plan.profileDir() != null) {
                Profiler profiler = Profiler.forProcess(plan.processes().get(WritePathBenchmark.CHAT), plan.profileDir());
                Figures profiled = closedLoop(PROFILED, http, ownRooms, profiler);
                figures.add(profiled);
                profileEvent = profiler.event();
                double cpuMicrosPerPost = profiled.cpuCores().get(WritePathBenchmark.CHAT) * 1e6 / profiled.perSecond();
                profileMarkdown = ProfileSummary.read(plan.profileDir().resolve("chat-service.collapsed"))
                        .markdown(cpuMicrosPerPost);
            }
            // Last: an open loop the service cannot keep up with leaves a backlog that would spoil what follows.
            for (int rate : plan.settings().rates()) {
                figures.add(openLoop(http, rate));
            }
        }
        return new WritePlan.Report(figures, profileEvent, profileMarkdown);
    }

    /** The posting transaction over JDBC, one thread per client, each in its own room. */
    private Figures baseline(String scenario, SeqStatement seq) throws Exception {
        String load = loadAverage();
        settle();
        log(scenario + ": " + posters.size() + " JDBC threads for " + duration.toSeconds() + " s");
        Tally tally = new Tally();
        Window window = Window.after(warmup, duration);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                baseline.run(posters, seq, window, tally);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Measured measured = measure(window, null);
        done.get();
        return new Figures(scenario, null, tally.completed.get() / window.seconds(), tally.latency.percentiles(),
                tally.unexpectedCounts(), null, null, null, null, null, null, measured.cores(),
                measured.perPost(tally), load);
    }

    /** Closed loop over HTTP; every seq the posts took in their rooms must be read from chat-events. */
    private Figures closedLoop(String scenario, HttpLoad http, List<Target> targets, Profiler profiler) throws Exception {
        String load = loadAverage();
        settle();
        log(scenario + ": " + targets.size() + " clients for " + duration.toSeconds() + " s");
        Map<String, long[]> seqs = seqRanges(targets);
        try (EventCounter events = new EventCounter(plan.kafkaBootstrap(), false)) {
            Tally tally = new Tally();
            Window window = Window.after(warmup, duration);
            CompletableFuture<Void> done = http.closedLoop(targets, window, tally);
            Measured measured = measure(window, profiler);
            done.get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return withEvents(scenario, null, tally, window, seqs, events, measured, load);
        }
    }

    /** Open loop at {@code rate} posts per second over the clients' own rooms, with commit → consumer latency. */
    private Figures openLoop(HttpLoad http, int rate) throws Exception {
        String load = loadAverage();
        settle();
        log(OPEN_LOOP + ": " + rate + " posts/s for " + duration.toSeconds() + " s");
        Map<String, long[]> seqs = seqRanges(ownRooms);
        try (EventCounter events = new EventCounter(plan.kafkaBootstrap(), true)) {
            Tally tally = new Tally();
            Window window = Window.after(warmup, duration);
            CompletableFuture<Void> done = http.openLoop(ownRooms, rate, window, tally, answer -> {
                JsonNode message = parse(answer);
                events.answered(message.path("roomId").asText(), message.path("seq").asLong(), answer.doneNanos());
            });
            Measured measured = measure(window, null);
            try {
                done.get(DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // chat-service fell behind the offered rate: report the backlog instead of waiting for it.
                tally.unexpected(UNANSWERED, (int) tally.inFlight.get());
            }
            return withEvents(OPEN_LOOP, rate, tally, window, seqs, events, measured, load);
        }
    }

    private Figures withEvents(String scenario, Integer offered, Tally tally, Window window, Map<String, long[]> seqs, EventCounter events,
            Measured measured, String load) throws Exception {
        Map<String, long[]> after = seqsOf(seqs.keySet());
        long expected = 0;
        for (Map.Entry<String, long[]> room : seqs.entrySet()) {
            room.getValue()[1] = after.get(room.getKey())[1];
            expected += room.getValue()[1] - room.getValue()[0];
        }
        long lost = events.awaitMissing(seqs, DRAIN_TIMEOUT);
        return new Figures(scenario, offered, tally.completed.get() / window.seconds(), tally.latency.percentiles(),
                tally.unexpectedCounts(), tally.answered.get(), expected, lost, events.repeats(),
                events.afterAnswer().count() == 0 ? null : events.afterAnswer().percentiles(),
                events.afterOccurred().count() == 0 ? null : events.afterOccurred().percentiles(), measured.cores(),
                measured.perPost(tally), load);
    }

    /** Cores used per process in a window, and the transactions chat-service's database committed. */
    private record Measured(Map<String, Double> cores, long commits) {
        double perPost(Tally tally) {
            return (double) commits / tally.completed.get();
        }
    }

    /** Measures the window, and profiles it if asked to. */
    private Measured measure(Window window, Profiler profiler) throws Exception {
        Window.sleepUntil(window.start());
        if (profiler != null) {
            log("profiling chat-service with async-profiler, event " + profiler.start());
        }
        long from = System.nanoTime();
        Map<String, Double> before = cpu.sample();
        long commitsBefore = commits();
        Window.sleepUntil(window.end());
        Map<String, Double> after = cpu.sample();
        long commits = commits() - commitsBefore;
        double seconds = (System.nanoTime() - from) / 1e9;
        if (profiler != null) {
            profiler.stop(plan.profileDir().resolve("chat-service.html"), plan.profileDir().resolve("chat-service.collapsed"));
        }
        return new Measured(ProcessCpu.cores(before, after, seconds), commits);
    }

    /**
     * Transactions committed in chat-service's database so far (pg_stat_database; backends report it at
     * least once a second): posts, relay batches and the relay's empty polls.
     */
    private long commits() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode parse(HttpLoad.Answer answer) {
        try {
            return MAPPER.readTree(answer.body().getBytes());
        } catch (IOException e) {
            throw new IllegalStateException("Not a message: " + answer.body(), e);
        }
    }

    /** Per room: {last_seq, last_seq} now; the second is replaced by the value after the run. */
    private Map<String, long[]> seqRanges(List<Target> targets) throws SQLException {
        return seqsOf(targets.stream().map(Target::roomId).distinct().toList());
    }

    private Map<String, long[]> seqsOf(Collection<String> rooms) throws SQLException {
        Map<String, long[]> seqs = new LinkedHashMap<>();
        try (Connection connection = connect();
                PreparedStatement select = connection.prepareStatement("SELECT id, last_seq FROM rooms WHERE id = ANY (?)")) {
            List<UUID> ids = new ArrayList<>();
            rooms.forEach(room -> ids.add(UUID.fromString(room)));
            Array array = connection.createArrayOf("uuid", ids.toArray());
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    seqs.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(2)});
                }
            }
        }
        return seqs;
    }

    /**
     * Before each window: the outbox relayed, then the database vacuumed and analyzed. The earlier windows
     * inserted hundreds of thousands of messages and deleted as many outbox rows (dead index entries at the
     * head of the relay's ORDER BY id scan); without this, autovacuum catches up on them during the next
     * window, which would pay for its predecessors (seen: PostgreSQL at 0.9 cores for 1,000 posts/s while
     * autovacuum scanned 1.7 million messages).
     */
    private void settle() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM outbox_event")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        statement.execute("VACUUM (ANALYZE)");
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("The outbox was not relayed within " + DRAIN_TIMEOUT);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(plan.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    private static void log(String line) {
        System.out.println("[write-path load] " + line);
    }
}
