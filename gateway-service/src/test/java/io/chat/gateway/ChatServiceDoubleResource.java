package io.chat.gateway;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the gateway's chat-service client at {@link ChatServiceDouble}. */
public class ChatServiceDoubleResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.rest-client.chat-service.url", ChatServiceDouble.start());
    }

    @Override
    public void stop() {
        ChatServiceDouble.stop();
    }
}
