package io.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where chat-service spent its CPU, from async-profiler's collapsed stacks (one line per distinct stack,
 * root first, the thread as the first frame, then the sample count; the profiler's own thread is left
 * out). Each sample is charged to the innermost frame that belongs to a known library; JDK and kernel
 * frames in between are charged to the library that called them. GC and JIT threads are charged by
 * thread name.
 */
final class ProfileSummary {

    /** A cost by its frames, in charging order: the innermost matching frame decides. */
    private record Owner(String name, List<String> prefixes) {
        boolean owns(String frame) {
            return prefixes.stream().anyMatch(frame::startsWith);
        }
    }

    private static final List<Owner> OWNERS = List.of(
            new Owner("JSON (Jackson)", List.of("com/fasterxml/jackson/")),
            new Owner("Bean Validation (Hibernate Validator)", List.of("org/hibernate/validator/")),
            new Owner("Hibernate ORM", List.of("org/hibernate/", "io/quarkus/hibernate/")),
            new Owner("JTA (Narayana)", List.of("com/arjuna/", "io/quarkus/narayana/", "org/jboss/tm/", "io/narayana/")),
            new Owner("Agroal pool", List.of("io/agroal/", "io/quarkus/agroal/")),
            new Owner("PostgreSQL JDBC", List.of("org/postgresql/")),
            new Owner("JWT verification (smallrye-jwt, jose4j, RSA)", List.of("io/smallrye/jwt/", "org/jose4j/",
                    "io/quarkus/smallrye/jwt/", "sun/security/rsa/", "io/quarkus/security/", "io/quarkus/vertx/http/runtime/security/")),
            new Owner("Logging (JBoss LogManager)", List.of("org/jboss/logmanager/", "org/jboss/logging/")),
            new Owner("Micrometer", List.of("io/micrometer/", "io/quarkus/micrometer/")),
            new Owner("Kafka client", List.of("org/apache/kafka/")),
            new Owner("RESTEasy Reactive", List.of("org/jboss/resteasy/", "io/quarkus/resteasy/")),
            new Owner("Netty / Vert.x", List.of("io/netty/", "io/vertx/", "io/quarkus/vertx/")),
            new Owner("CDI (ArC), context propagation", List.of("io/quarkus/arc/", "io/smallrye/context/")),
            new Owner("chat-service and outbox code", List.of("io/chat/")),
            new Owner("other Quarkus / SmallRye", List.of("io/quarkus/", "io/smallrye/")));

    /** Selected costs counted inclusively: a sample counts when any of its frames matches. */
    private static final Map<String, Predicate<String>> INCLUSIVE = new LinkedHashMap<>();

    static {
        INCLUSIVE.put("HTTP request on the Vert.x event loop (thread)", frame -> frame.startsWith("[vert.x-eventloop"));
        INCLUSIVE.put("blocking worker (executor-thread)", frame -> frame.startsWith("[executor-thread"));
        INCLUSIVE.put("outbox relay (thread outbox-relay)", frame -> frame.startsWith("[outbox-relay"));
        INCLUSIVE.put("Kafka producer I/O (thread kafka-producer-network-thread)", frame -> frame.startsWith("[kafka-producer"));
        INCLUSIVE.put("MessageService.post (the @Transactional call)", frame -> frame.startsWith("io/chat/chat/service/MessageService.post"));
        INCLUSIVE.put("JTA commit (Narayana TransactionImple.commit)", frame -> frame.startsWith("com/arjuna/ats/internal/jta/transaction/arjunacore/TransactionImple.commit"));
        INCLUSIVE.put("Hibernate flush (incl. its SQL)", frame -> frame.startsWith("org/hibernate/event/internal/AbstractFlushingEventListener"));
        INCLUSIVE.put("Hibernate dirty checking", frame -> frame.startsWith("org/hibernate/event/internal/DefaultFlushEntityEventListener.dirtyCheck"));
        INCLUSIVE.put("pgjdbc statement execution (incl. socket I/O)", frame -> frame.startsWith("org/postgresql/core/v3/QueryExecutorImpl.execute"));
        INCLUSIVE.put("Outbox.publish (event JSON + INSERT)", frame -> frame.startsWith("io/chat/outbox/Outbox.publish"));
        INCLUSIVE.put("Jackson (any)", frame -> frame.startsWith("com/fasterxml/jackson/"));
        INCLUSIVE.put("JWT parse and verify (smallrye-jwt)", frame -> frame.startsWith("io/smallrye/jwt/auth/principal/"));
        INCLUSIVE.put("RSA signature verify", frame -> frame.startsWith("sun/security/rsa/RSASignature.engineVerify"));
        INCLUSIVE.put("Bean Validation", frame -> frame.startsWith("org/hibernate/validator/"));
        INCLUSIVE.put("Micrometer", frame -> frame.startsWith("io/micrometer/"));
        INCLUSIVE.put("Logging", frame -> frame.startsWith("org/jboss/logmanager/"));
        INCLUSIVE.put("kernel (frames marked [k])", frame -> frame.endsWith("_[k]"));
    }

    /** The thread that serves the profiler's own commands: its samples are the dump, not chat-service's work. */
    private static final String PROFILER_THREAD = "[Attach Listener";

    private final Map<String, Long> exclusive = new LinkedHashMap<>();
    private final Map<String, Long> inclusive = new LinkedHashMap<>();
    private final Map<String, Predicate<String>> selected;
    private long total;

    private ProfileSummary(Map<String, Predicate<String>> selected) {
        this.selected = selected;
    }

    static ProfileSummary read(Path collapsed) throws IOException {
        return read(collapsed, INCLUSIVE);
    }

    /** @param selected the inclusive costs to count, by name */
    static ProfileSummary read(Path collapsed, Map<String, Predicate<String>> selected) throws IOException {
        ProfileSummary summary = new ProfileSummary(selected);
        selected.keySet().forEach(name -> summary.inclusive.put(name, 0L));
        try (Stream<String> lines = Files.lines(collapsed)) {
            lines.filter(line -> !line.startsWith(PROFILER_THREAD)).forEach(line -> {
                int space = line.lastIndexOf(' ');
                if (space > 0) {
                    summary.add(line.substring(0, space).split(";"), Long.parseLong(line.substring(space + 1)));
                }
            });
        }
        return summary;
    }

    private void add(String[] frames, long samples) {
        total += samples;
        exclusive.merge(owner(frames), samples, Long::sum);
        selected.forEach((name, matches) -> {
            for (String frame : frames) {
                if (matches.test(frame)) {
                    inclusive.merge(name, samples, Long::sum);
                    return;
                }
            }
        });
    }

    private static String owner(String[] frames) {
        String thread = frames[0];
        if (thread.startsWith("[GC Thread") || thread.startsWith("[G1 ") || thread.startsWith("[VM Thread")) {
            return "GC and VM thread";
        }
        // Linux keeps 15 characters of a thread's name: "C2 CompilerThre".
        if (thread.contains("CompilerThre")) {
            return "JIT compiler";
        }
        for (int i = frames.length - 1; i > 0; i--) {
            for (Owner owner : OWNERS) {
                if (owner.owns(frames[i])) {
                    return owner.name();
                }
            }
        }
        return "JDK, JVM, kernel (no library frame)";
    }

    /**
     * Markdown tables: charged by owner, then the selected inclusive costs; shares of all samples and CPU
     * time per post ({@code cpuMicrosPerPost} is chat-service's CPU time per post in the profiled window).
     */
    String markdown(double cpuMicrosPerPost) {
        return markdown(cpuMicrosPerPost, "post");
    }

    /** As {@link #markdown(double)}, per {@code unit} of work (post, delivery). */
    String markdown(double cpuMicrosPerPost, String unit) {
        StringBuilder out = new StringBuilder();
        out.append("| charged to (innermost library frame) | share of samples | CPU per " + unit + " |\n|---|---|---|\n");
        exclusive.entrySet().stream().sorted(Map.Entry.<String, Long> comparingByValue().reversed())
                .forEach(e -> out.append(row(e.getKey(), e.getValue(), cpuMicrosPerPost)));
        out.append("\n| inclusive (a sample counts once when any frame matches) | share of samples | CPU per " + unit
                + " |\n|---|---|---|\n");
        inclusive.forEach((name, samples) -> out.append(row(name, samples, cpuMicrosPerPost)));
        out.append(String.format("%n%d samples.%n", total));
        return out.toString();
    }

    private String row(String name, long samples, double cpuMicrosPerPost) {
        double share = (double) samples / total;
        return String.format("| %s | %.1f %% | %.1f µs |%n", name, share * 100, share * cpuMicrosPerPost);
    }
}
