package io.chat.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts the module's packaged service with the production profile and an empty environment, as an
 * operator who forgot every setting would: it must refuse to start and name each missing variable.
 */
public final class StartWithoutConfig {

    private static final Path APP = Path.of("target/quarkus-app");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private StartWithoutConfig() {
    }

    /** @return false when there is no JVM build to start (a native build has no quarkus-app) */
    public static boolean possible() {
        return Files.exists(APP.resolve("quarkus-run.jar"));
    }

    public static void assertRefusedNaming(List<String> variables) {
        ServiceProcess.Exit exit = ServiceProcess.runUntilExit(APP, Map.of(), EXIT_TIMEOUT);
        if (exit.code() == 0) {
            throw new AssertionError("The service exited normally without its settings:\n" + exit.output());
        }
        for (String variable : variables) {
            if (!exit.output().contains("Could not expand value " + variable + " ")) {
                throw new AssertionError(variable + " is not named in:\n" + exit.output());
            }
        }
    }
}
