package io.chat.system;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.local.LocalStack;
import io.chat.testkit.ChatClient;
import io.chat.testkit.Dirs;
import io.chat.testkit.Ports;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;

/**
 * The system as deployed, once per test run: embedded PostgreSQL and Kafka, the packaged user-service,
 * chat-service and two gateway instances as separate processes, started with the run command's own
 * launcher. Stopped (by pid) when the JVM exits, also after a failure.
 */
final class SystemStack {

    static final String PASSWORD = "system-test-password";
    /** Tokens of these tests need an admin; the stack configures one as an operator would. */
    static final String ADMIN_PASSWORD = "system-admin-password";

    static final Duration PRESENCE_EXPIRY = Duration.ofSeconds(4);

    private static SystemStack instance;
    private static RuntimeException failure;

    final LocalStack stack;
    final ServiceProcess users;
    final ServiceProcess gatewayA;
    final ServiceProcess gatewayB;
    final HttpClient http = ChatClient.newHttpClient();
    final Path root;
    private volatile ServiceProcess chat;
    private final int chatPort = Ports.free();
    private ChatClient.Account probeOwner;
    private String probeRoom;

    private SystemStack() {
        root = Path.of(System.getProperty("chat.root", "..")).toAbsolutePath().normalize();
        Path state = root.resolve("system-tests/target/state");
        Dirs.deleteRecursively(state);
        stack = LocalStack.startInfrastructure(root, state, 0, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "system-stack-shutdown"));
        try {
            users = stack.startService(LocalStack.USERS, Ports.free(),
                    Map.of("CHAT_ADMIN_USERNAME", "admin", "CHAT_ADMIN_PASSWORD", ADMIN_PASSWORD));
            chat = stack.startService(LocalStack.CHAT, chatPort, Map.of());
            gatewayA = startGateway();
            gatewayB = startGateway();
        } catch (RuntimeException e) {
            stack.close(); // or the next test class would start a second stack on the same state folder
            throw e;
        }
    }

    /** The stack; if it could not start, every later test fails with that first cause instead of starting another. */
    static synchronized SystemStack get() {
        if (failure != null) {
            throw new IllegalStateException("The system stack could not start", failure);
        }
        if (instance == null) {
            try {
                instance = new SystemStack();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    /** Another gateway instance, for tests that kill or stop one. */
    ServiceProcess startGateway() {
        return stack.startService(LocalStack.GATEWAY, Ports.free(), Map.of(
                "CHAT_GATEWAY_ALLOWED_ORIGINS", "http://localhost",
                // Shorter than the defaults (5s / 15s) so the instance-death scenario runs in seconds.
                "CHAT_GATEWAY_PRESENCE_HEARTBEAT_INTERVAL", "1s",
                "CHAT_GATEWAY_PRESENCE_EXPIRY", PRESENCE_EXPIRY.toSeconds() + "s"));
    }

    ServiceProcess chat() {
        return chat;
    }

    /** Stops chat-service gracefully and starts it again on the same port. */
    synchronized void restartChat() {
        chat.close();
        chat = stack.startService(LocalStack.CHAT, chatPort, Map.of());
    }

    /**
     * A new user that chat-service already knows: it learns users from user-service's events, and adds
     * only users it knows (404 before). A probe room's owner adds and removes the user until that works.
     */
    ChatClient.Account signUp() {
        ChatClient.Account account = register();
        ChatClient probe = probe();
        String members = "/rooms/" + probeRoom + "/members";
        Awaitility.await().atMost(Frames.TIMEOUT)
                .until(() -> probe.post(members, Map.of("userId", account.id())).status() == 201);
        if (probe.delete(members + "/" + account.id()).status() != 204) {
            throw new IllegalStateException("Could not leave the probe room");
        }
        return account;
    }

    private ChatClient.Account register() {
        return ChatClient.signUp(http, users.url(), "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                PASSWORD);
    }

    private synchronized ChatClient probe() {
        if (probeOwner == null) {
            probeOwner = register();
            probeRoom = chat(probeOwner).post("/rooms", Map.of("name", "probe", "visibility", "private")).text("id");
        }
        return chat(probeOwner);
    }

    ChatClient users(ChatClient.Account account) {
        return new ChatClient(http, users.url(), account.token());
    }

    ChatClient chat(ChatClient.Account account) {
        return new ChatClient(http, chat().url(), account.token());
    }

    ChatClient gateway(ServiceProcess gateway, ChatClient.Account account) {
        return new ChatClient(http, gateway.url(), account.token());
    }

    /** Opens a socket and waits for its welcome frame. */
    SocketClient connect(ServiceProcess gateway, ChatClient.Account account) {
        return connect(gateway, account, frame -> {
        });
    }

    /** Opens a socket that also hands every frame to {@code onFrame} as it arrives, and waits for its welcome frame. */
    SocketClient connect(ServiceProcess gateway, ChatClient.Account account, Consumer<JsonNode> onFrame) {
        return SocketClient.open(SocketClient.wsUri(gateway.url()), account.token(), onFrame);
    }
}
