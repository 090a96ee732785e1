package io.chat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.chat.testkit.ChatClient;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/** Fan-out latency through the gateway and the memory an open connection costs it. */
final class GatewayBenchmark {

    private static final int MEMBERS = 50;
    private static final int MESSAGES = 200;
    private static final Duration PACE = Duration.ofMillis(50);
    private static final int IDLE_CONNECTIONS = 2000;
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final double MIB = 1024 * 1024;

    private final HttpClient http;
    private final String usersUrl;
    private final String chatUrl;
    private final ServiceProcess gateway;

    GatewayBenchmark(HttpClient http, String usersUrl, String chatUrl, ServiceProcess gateway) {
        this.http = http;
        this.usersUrl = usersUrl;
        this.chatUrl = chatUrl;
        this.gateway = gateway;
    }

    /** POST sent → message.created read by each of {@value #MEMBERS} sockets of a room. */
    String fanOut() throws Exception {
        List<ChatClient.Account> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(ChatClient.signUp(http, usersUrl, "fan_" + i + "_" + ChatBenchmark.shortId(), ChatBenchmark.PASSWORD));
        }
        ChatClient owner = new ChatClient(http, chatUrl, members.get(0).token());
        String room = owner.post("/rooms", Map.of("name", "fan-out")).text("id");
        for (ChatClient.Account member : members.subList(1, MEMBERS)) {
            owner.post("/rooms/" + room + "/members", Map.of("userId", member.id()));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Stats latency = new Stats();
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (ChatClient.Account member : members) {
                SocketClient socket = SocketClient.open(SocketClient.wsUri(gateway.url()), member.token(), frame -> {
                    if ("message.created".equals(frame.path("type").asText())) {
                        Long sent = sentAt.get(frame.path("data").path("text").asText());
                        if (sent != null) {
                            latency.add((System.nanoTime() - sent) / 1000);
                        }
                    }
                });
                sockets.add(socket);
            }
            for (int i = 0; i < MESSAGES; i++) {
                String text = "fan-out " + i;
                sentAt.put(text, System.nanoTime());
                owner.post("/rooms/" + room + "/messages", Map.of("text", text));
                Thread.sleep(PACE.toMillis());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (latency.count() < MEMBERS * MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            sockets.forEach(SocketClient::close);
        }
        return String.format("| %d sockets in one room, %d messages at %d/s | %d of %d | %s |%n", MEMBERS, MESSAGES,
                1000 / PACE.toMillis(), latency.count(), MEMBERS * MESSAGES, latency.summary());
    }

    /** Heap (after a full GC) and RSS of the gateway before and after opening {@value #IDLE_CONNECTIONS} sockets. */
    String connectionFootprint() throws Exception {
        ChatClient.Account user = ChatClient.signUp(http, usersUrl, "conn_" + ChatBenchmark.shortId(), ChatBenchmark.PASSWORD);
        double heapBefore = heapAfterGc();
        double rssBefore = rss();
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                sockets.add(SocketClient.open(SocketClient.wsUri(gateway.url()), user.token()));
            }
            Thread.sleep(SETTLE.toMillis());
            double heapAfter = heapAfterGc();
            double rssAfter = rss();
            return String.format("| %d idle connections (one user) | %.1f → %.1f MiB (%.1f KiB per connection) | %.1f → %.1f MiB |%n",
                    IDLE_CONNECTIONS, heapBefore / MIB, heapAfter / MIB, (heapAfter - heapBefore) / 1024 / IDLE_CONNECTIONS,
                    rssBefore / MIB, rssAfter / MIB);
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    private double heapAfterGc() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, Long.toString(gateway.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor(30, TimeUnit.SECONDS);
        double used = 0;
        String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    private double rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(gateway.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Double.NaN;
    }
}
