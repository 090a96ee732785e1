package io.chat.testkit;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource over {@link TestInfrastructure}. The infrastructure outlives the Quarkus
 * application so that all test classes of a module share one broker and one database server.
 * Init arg {@code database}: the service's database name.
 */
public class InfrastructureTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
    }

    @Override
    public Map<String, String> start() {
        return TestInfrastructure.get().configFor(database);
    }

    @Override
    public void stop() {
        // Stopped by the JVM shutdown hook of TestInfrastructure, after the last test class.
    }
}
