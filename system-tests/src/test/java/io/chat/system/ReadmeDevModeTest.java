package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chat.testkit.EmbeddedDatabase;
import io.chat.testkit.Ports;

/**
 * The README's dev-mode command, run as written (only its port is swapped for a free one) from the
 * project root: it must bring the service up against a running stack, so README drift (such as a
 * command that needs modules installed first) fails here instead of on a newcomer's machine.
 */
class ReadmeDevModeTest {

    private static final String PORT_FLAG = "-Dquarkus.http.port=";
    /** Dev mode compiles the module and its siblings first; on a busy 2-core machine that takes a while. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final SystemStack system = SystemStack.get();

    @Test
    void theReadmeDevModeCommandStartsTheService() throws Exception {
        List<String> command = readmeDevCommand();
        int port = Ports.free();
        command.replaceAll(arg -> arg.startsWith(PORT_FLAG) ? PORT_FLAG + port : arg);
        Path log = system.root.resolve("system-tests/target/readme-dev-mode.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(system.root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The stack runs on free ports rather than the defaults %dev points at: the same variables override them.
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", system.stack.database().createDatabase("readme_dev"));
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.USER);
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", EmbeddedDatabase.PASSWORD);
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", system.stack.kafka().bootstrapServers());
        Process process = builder.start();
        try {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertTrue(process.isAlive(), () -> "dev mode exited:\n" + tail(log));
                try {
                    return system.http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.onExit().get();
        }
    }

    /** The one {@code ./mvnw ... quarkus:dev ...} line of the README, without its trailing comment. */
    private List<String> readmeDevCommand() throws IOException {
        List<String> lines = Files.readAllLines(system.root.resolve("README.md")).stream()
                .filter(line -> line.startsWith("./mvnw ") && line.contains("quarkus:dev")).toList();
        assertTrue(lines.size() == 1, "expected one dev-mode command in the README, found " + lines);
        String command = lines.get(0).replaceFirst("\\s+#.*$", "").trim();
        assertTrue(command.contains(PORT_FLAG), "the README's dev-mode command sets a port: " + command);
        return new ArrayList<>(Arrays.asList(command.split("\\s+")));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
