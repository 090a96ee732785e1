package io.chat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario file under {@code src/test/js} ({@code *.test.mjs}: Node's test runner driving Debian's
 * Chromium through playwright-core) against one running system; each file is one test here, its output
 * on the console. The scenarios wait for conditions in the page (Playwright's waits, with timeouts),
 * never for a fixed time.
 */
class BrowserScenariosTest {

    private static final Path SCENARIOS = Path.of("src/test/js");
    /** A scenario that hangs fails rather than holding the build; the longest takes well under this. */
    private static final long SCENARIO_TIMEOUT_MINUTES = 3;
    /**
     * Where the screens scenario saves its screenshots, relative to the project root. A test run leaves the
     * work tree as it was; {@code -Dweb.screenshots=docs/screenshots} refreshes the documentation's.
     */
    private static final String SCREENSHOTS_PROPERTY = "web.screenshots";
    private static final String SCREENSHOTS_DEFAULT = "web-tests/target/screenshots";

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(SCENARIOS)) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".test.mjs")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static void run(Path file) throws IOException, InterruptedException {
        WebStack stack = WebStack.get();
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", file.toString())
                .redirectErrorStream(true);
        node.environment().put("CHAT_WEB_URL", stack.clientUrl());
        node.environment().put("CHAT_SCREENSHOTS",
                stack.root.resolve(System.getProperty(SCREENSHOTS_PROPERTY, SCREENSHOTS_DEFAULT)).toString());
        Process process = node.start();
        // Through System.out, not inherited: the forked test JVM's own stdout is Surefire's channel.
        Thread report = new Thread(() -> process.inputReader().lines().forEach(System.out::println), "node-report");
        report.start();
        try {
            if (!process.waitFor(SCENARIO_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new AssertionError(file + " did not finish within " + SCENARIO_TIMEOUT_MINUTES + " minutes");
            }
            report.join();
            assertEquals(0, process.exitValue(), file + " failed (its report is above)");
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
