package io.chat.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.chat.bench.Stats.Percentiles;

/**
 * What the write-path launcher hands to its load client (as JSON), and what the client reports back.
 *
 * @param clients one per concurrent client: its user, token and own room
 * @param hotRoom the room every client is a member of
 * @param processes pid per name, for the CPU table; "PostgreSQL" is counted with its children
 * @param profileDir where to write the profile, or null for no profiled run
 */
record WritePlan(String chatUrl, String jdbcUrl, String kafkaBootstrap, List<Client> clients, String hotRoom,
        Map<String, Long> processes, Settings settings, Path profileDir) {

    record Client(String userId, String token, String roomId) {
    }

    /**
     * Durations in seconds: each scenario's warm-up and measured window, and chat-service's own warm-up
     * before the first one; {@code rates}: posts per second offered by each open-loop run.
     */
    record Settings(int duration, int warmup, int serviceWarmup, List<Integer> rates, int rounds) {
    }

    /**
     * One scenario's figures.
     *
     * @param offered posts per second offered by an open loop, null for a closed one
     * @param perSecond posts (or baseline transactions) committed per second within the window
     * @param unexpected count per status other than 201 (-1: the request failed)
     * @param eventsExpected posts committed in the scenario's rooms, checked against what a consumer read
     *        (null where not checked)
     * @param eventsLost how many of those were not read from chat-events
     * @param cpuCores cores used per process during the window
     * @param commitsPerPost transactions committed in the database per post (or baseline transaction)
     * @param loadAverage /proc/loadavg before the scenario
     */
    record Figures(String scenario, Integer offered, double perSecond, Percentiles answer, Map<Integer, Integer> unexpected,
            Long answered201, Long eventsExpected, Long eventsLost, Long eventRepeats, Percentiles eventAfterAnswer,
            Percentiles eventAfterOccurred, Map<String, Double> cpuCores, double commitsPerPost, String loadAverage) {
    }

    /** Everything the load client measured on one database setting. */
    record Report(List<Figures> figures, String profileEvent, String profileMarkdown) {
    }
}
