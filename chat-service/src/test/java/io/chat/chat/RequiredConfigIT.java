package io.chat.chat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.chat.testkit.StartWithoutConfig;

/** An operator who forgets settings is told which, at once, instead of a failure at first use. */
class RequiredConfigIT {

    @Test
    void aProductionStartWithoutConfigurationNamesEveryMissingVariable() {
        assumeTrue(StartWithoutConfig.possible(), "runs the JVM build (a native build has no quarkus-app)");
        StartWithoutConfig.assertRefusedNaming(List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                "QUARKUS_DATASOURCE_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                "CHAT_GATEWAY_PUBLICKEY_LOCATION"));
    }
}
