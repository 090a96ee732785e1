package io.chat.bench;

import java.nio.file.Path;

import io.chat.local.LocalStack;
import io.chat.testkit.Dirs;

/** The private stack a benchmark starts: embedded PostgreSQL and Kafka on free ports, fresh state in bench/target. */
final class BenchStack {

    private BenchStack() {
    }

    /** The infrastructure, its state from a previous run deleted first; services are started on it. */
    static LocalStack infrastructure(Path root) {
        Path state = root.resolve("bench/target/state");
        Dirs.deleteRecursively(state);
        return LocalStack.startInfrastructure(root, state, 0, 0);
    }
}
