package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.eclipse.microprofile.config.ConfigProvider;

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens;

/** The gateway application under test (on a random port) and users with tokens it trusts. */
final class TestGateway {

    private TestGateway() {
    }

    /** The real HTTP port, known once the application has started. */
    static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    static URI ws() {
        return SocketClient.wsUri("http://localhost:" + port());
    }

    /** Connects to {@code /ws} with the token in the Authorization header and waits for {@code welcome}. */
    static SocketClient open(String token) {
        return SocketClient.open(ws(), token);
    }

    /**
     * Connects to {@code /ws} as {@code user}, whose rooms {@link ChatServiceDouble#hold} holds, and returns once
     * chat-service has that request: the socket is open and its {@code welcome} has not come.
     */
    static SocketClient openWhileTheRoomsLoad(TestTokens.TestUser user) {
        SocketClient socket = SocketClient.connect(SocketClient.builder().header("Authorization", "Bearer " + user.token()), ws());
        await().atMost(Duration.ofSeconds(20)).until(() -> ChatServiceDouble.waiting(user.id()));
        return socket;
    }

    static TestTokens.TestUser user() {
        return TestInfrastructure.get().tokens().user();
    }

    static TestTokens.TestUser admin() {
        return TestInfrastructure.get().tokens().admin();
    }

    /** The sum of the {@code /q/metrics} samples whose line starts with {@code prefix} and contains {@code label}. */
    static double metric(String prefix, String label) {
        return given().when().get("/q/metrics").asString().lines().filter(l -> l.startsWith(prefix) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
