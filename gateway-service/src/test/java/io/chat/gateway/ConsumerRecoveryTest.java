package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.chat.testkit.EmbeddedKafka;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway's consumers outlive a broker outage: while the broker is down the gateway stays live (no
 * restart for an outage its consumers retry through), and once it is back, events reach the socket that
 * stayed open, without restarting the gateway.
 */
@QuarkusTest
class ConsumerRecoveryTest {

    private static final Duration RECOVERY = Duration.ofMinutes(3);

    @Test
    void deliveryResumesAfterTheBrokerComesBack() {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        EmbeddedKafka kafka = TestInfrastructure.get().kafka();
        try (SocketClient socket = TestGateway.open(alice.token())) {
            TestEvents.message(room, 1, "before the outage");
            socket.expect(f -> f.path("data").path("seq").asLong() == 1);
            kafka.stop();
            given().when().get("/q/health/live").then().statusCode(200);
            kafka.start();
            // each attempt publishes one more message: whichever the consumers read first shows they are back
            AtomicLong seq = new AtomicLong(1);
            await().atMost(RECOVERY).pollInterval(Duration.ofSeconds(2)).until(() -> {
                TestEvents.message(room, seq.incrementAndGet(), "after the outage");
                return socket.frames().stream().anyMatch(f -> f.path("data").path("seq").asLong() > 1);
            });
            given().when().get("/q/health/live").then().statusCode(200);
            socket.sync(); // the socket stayed open throughout
        } finally {
            kafka.start();
        }
    }
}
