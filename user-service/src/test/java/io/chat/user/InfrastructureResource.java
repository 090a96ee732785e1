package io.chat.user;

import io.chat.testkit.InfrastructureTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test class of this module runs against one real PostgreSQL (database {@code users}) and one Kafka broker. */
@QuarkusTestResource(value = InfrastructureTestResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
public class InfrastructureResource {
}
