package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The packaged gateway, started with the production profile and nothing in its environment, refuses to
 * start and names each setting it is missing.
 */
class RequiredConfigIT {

    private static final List<String> REQUIRED = List.of("KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "CHAT_SERVICE_URL");
    private static final long EXIT_TIMEOUT_SECONDS = 60;

    @Test
    void aProductionStartWithoutConfigurationNamesEveryMissingVariable() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assumeTrue(Files.exists(jar), "runs the JVM build (a native build has no quarkus-app)");
        Path log = Files.createDirectories(Path.of("target/it-logs")).resolve("required-config.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the gateway started without its settings");
            String output = Files.readString(log);
            assertNotEquals(0, process.exitValue(), output);
            assertTrue(output.contains("Configuration validation failed"), output);
            for (String variable : REQUIRED) {
                assertTrue(output.contains("Could not expand value " + variable + " "), variable + " not named in:\n" + output);
            }
        } finally {
            process.destroyForcibly();
        }
    }
}
