package io.chat.web;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.chat.local.LocalStack;
import io.chat.testkit.Dirs;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;

/**
 * The system the browser talks to, started with the run command's own launcher on free ports: embedded
 * PostgreSQL and Kafka, the packaged user-service, chat-service and one gateway, which serves the web
 * client and proxies its REST calls (one origin). Stopped (by pid) when the JVM exits, also after a failure.
 */
final class WebStack {

    /** Shorter than the defaults (5s / 15s) so that a user who goes away shows offline within seconds. */
    private static final Map<String, String> PRESENCE = Map.of(
            "CHAT_GATEWAY_PRESENCE_HEARTBEAT_INTERVAL", "1s",
            "CHAT_GATEWAY_PRESENCE_EXPIRY", "4s");

    /** Access tokens expire while the scenarios run, so they cross token renewals; session.test.mjs waits for one. */
    static final String TOKEN_LIFETIME = "30s";

    private static WebStack instance;

    final Path root;
    final ServiceProcess gateway;

    private WebStack() {
        root = Path.of(System.getProperty("chat.root", "..")).toAbsolutePath().normalize();
        Path state = root.resolve("web-tests/target/state");
        Dirs.deleteRecursively(state);
        LocalStack stack = LocalStack.startInfrastructure(root, state, 0, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "web-stack-shutdown"));
        stack.startService(LocalStack.USERS, Ports.free(), Map.of("CHAT_USERS_TOKEN_LIFETIME", TOKEN_LIFETIME));
        stack.startService(LocalStack.CHAT, Ports.free(), Map.of());
        int gatewayPort = Ports.free();
        Map<String, String> gatewayEnv = new HashMap<>(PRESENCE);
        // The page's own origin: the browser sends it on the WebSocket upgrade.
        gatewayEnv.put("CHAT_GATEWAY_ALLOWED_ORIGINS", origin(gatewayPort));
        gateway = stack.startService(LocalStack.GATEWAY, gatewayPort, gatewayEnv);
    }

    static synchronized WebStack get() {
        if (instance == null) {
            instance = new WebStack();
        }
        return instance;
    }

    /** Where the browser opens the client; "localhost" (not 127.0.0.1) so that it is a secure context. */
    String clientUrl() {
        return origin(gateway.port()) + "/";
    }

    private static String origin(int port) {
        return "http://localhost:" + port;
    }
}
