package io.chat.gateway;

import java.net.URI;

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

    static TestTokens.TestUser user() {
        return TestInfrastructure.get().tokens().user();
    }

    static TestTokens.TestUser admin() {
        return TestInfrastructure.get().tokens().admin();
    }
}
