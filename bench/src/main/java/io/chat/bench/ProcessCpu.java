package io.chat.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the processes on this machine from {@code /proc/<pid>/stat} (utime + stime). A process
 * counted "with children" adds its live children and, through cutime + cstime, the children it has
 * already reaped: PostgreSQL's backends are children of the postmaster.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc} times on Linux ({@code getconf CLK_TCK}). */
    private static final double TICKS_PER_SECOND = 100;
    private static final String MACHINE = "machine";
    /** Everything else on the machine: other engineers' builds and tests share it. */
    static final String OTHERS = "other processes";
    private static final int PPID = 0;
    private static final int UTIME = 1;
    private static final int STIME = 2;
    private static final int CUTIME = 3;
    private static final int CSTIME = 4;

    /** A process to measure, by name. */
    record Watched(String name, long pid, boolean withChildren) {
    }

    private final Watched[] watched;

    ProcessCpu(Watched... watched) {
        this.watched = watched;
    }

    /** CPU seconds used so far, per watched process name, and by the whole machine as {@link #MACHINE}. */
    Map<String, Double> sample() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put(MACHINE, machineTicks() / TICKS_PER_SECOND);
        for (Watched process : watched) {
            seconds.put(process.name(), (process.withChildren() ? withChildren(process.pid()) : own(stat(process.pid())))
                    / TICKS_PER_SECOND);
        }
        return seconds;
    }

    private static long own(long[] stat) {
        return stat[UTIME] + stat[STIME];
    }

    /**
     * A child reaped while its siblings are read would be in neither its parent's cutime nor the live
     * children: read again until the parent's reaped time stays the same across the read.
     */
    private static long withChildren(long pid) {
        while (true) {
            long[] before = stat(pid);
            long children = liveChildrenTicks(pid);
            long[] after = stat(pid);
            if (after[CUTIME] == before[CUTIME] && after[CSTIME] == before[CSTIME]) {
                return own(after) + after[CUTIME] + after[CSTIME] + children;
            }
        }
    }

    /**
     * Cores used per process between two samples taken {@code seconds} apart, and by all other processes
     * of the machine as {@link #OTHERS}.
     */
    static Map<String, Double> cores(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        before.forEach((name, cpu) -> cores.put(name, (after.get(name) - cpu) / seconds));
        double machine = cores.remove(MACHINE);
        cores.put(OTHERS, machine - cores.values().stream().mapToDouble(Double::doubleValue).sum());
        return cores;
    }

    /** Busy time of all CPUs from /proc/stat: user, nice, system, irq, softirq (not idle, iowait, steal). */
    private static long machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3]) + Long.parseLong(cpu[6])
                    + Long.parseLong(cpu[7]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/stat", e);
        }
    }

    private static long liveChildrenTicks(long parent) {
        long ticks = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        long[] stat = stat(Long.parseLong(name));
                        if (stat[PPID] == parent) {
                            ticks += own(stat);
                        }
                    } catch (UncheckedIOException e) {
                        // gone while being read: reaped, so the parent's cutime changes and the sample is read again
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return ticks;
    }

    /** ppid, utime, stime, cutime, cstime of a process. */
    private static long[] stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read /proc/" + pid + "/stat", e);
        }
        // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
        return new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    }
}
