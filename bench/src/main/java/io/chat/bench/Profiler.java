package io.chat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;

/**
 * async-profiler (Maven Central {@code tools.profiler:async-profiler}) attached to a running JVM through
 * the Attach API, the way its {@code asprof} does: {@code event=cpu} (perf_events), or {@code itimer} where
 * perf_events are not allowed.
 */
final class Profiler {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";
    private static final String INTERVAL = "interval=1ms";

    private final Path library;
    private final long pid;
    private String event;

    private Profiler(Path library, long pid) {
        this.library = library;
        this.pid = pid;
    }

    /** Copies the agent library out of its jar into {@code dir}. */
    static Profiler forProcess(long pid, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = Profiler.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException(LIBRARY + " is not on the class path (tools.profiler:async-profiler)");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Profiler(library, pid);
    }

    /** Starts sampling CPU, per thread; @return the event that works here. */
    String start() throws Exception {
        for (String candidate : new String[] {"cpu", "itimer"}) {
            try {
                command("start,event=" + candidate + "," + INTERVAL + ",threads");
                event = candidate;
                return event;
            } catch (IOException e) {
                System.err.println("async-profiler: event " + candidate + " failed here: " + e.getMessage());
            }
        }
        throw new IllegalStateException("async-profiler could not start with event cpu or itimer");
    }

    /** Writes a flame graph (HTML) and the collapsed stacks, then stops. */
    void stop(Path flameGraph, Path collapsed) throws Exception {
        command("dump,file=" + flameGraph + ",flamegraph");
        command("stop,file=" + collapsed + ",collapsed");
    }

    String event() {
        return event;
    }

    private void command(String arguments) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            vm.loadAgentPath(library.toString(), arguments);
        } catch (AgentInitializationException e) {
            throw new IOException("async-profiler '" + arguments + "' failed with code " + e.returnValue(), e);
        } finally {
            vm.detach();
        }
    }
}
