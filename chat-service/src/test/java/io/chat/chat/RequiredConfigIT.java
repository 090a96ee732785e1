package io.chat.chat;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.chat.testkit.ServiceProcess;

/** An operator who forgets settings is told which, at once, instead of a failure at first use. */
class RequiredConfigIT {

    @Test
    void aProductionStartWithoutConfigurationNamesEveryMissingVariable() {
        ServiceProcess.Exit exit = ServiceProcess.runUntilExit(Path.of("target/quarkus-app"), Map.of(), Duration.ofSeconds(60));

        assertNotEquals(0, exit.code(), exit.output());
        for (String variable : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")) {
            assertTrue(exit.output().contains("Could not expand value " + variable + " "), variable + " not named in:\n" + exit.output());
        }
    }
}
