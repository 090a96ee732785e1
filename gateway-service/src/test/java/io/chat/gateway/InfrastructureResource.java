package io.chat.gateway;

import io.chat.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * Every test class of this module runs against one real Kafka broker (the gateway has no database) and
 * the chat-service double.
 */
@QuarkusTestResource(InfrastructureTestResource.class)
@QuarkusTestResource(ChatServiceDoubleResource.class)
public class InfrastructureResource {
}
