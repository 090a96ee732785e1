package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.Topics;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PresenceTest {

    @Test
    void presenceFollowsConnections() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        String token = alice.token();
        given().auth().oauth2(token).queryParam("userId", alice.id(), bob.id()).when().get("/presence")
                .then().statusCode(200).body("status", contains("offline", "offline"))
                .body("connections", contains(0, 0));
        try (SocketClient b = TestGateway.open(bob.token())) {
            given().auth().oauth2(token).queryParam("userId", bob.id()).when().get("/presence")
                    .then().statusCode(200).body("userId", contains(bob.id())).body("status", contains("online"))
                    .body("connections", contains(1));
            // bob's connection loads the room's member list in the background; then alice's status reaches it
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (SocketClient a = TestGateway.open(alice.token())) {
                    b.sync();
                    return b.ofType("presence").stream().anyMatch(f -> isStatus(f, alice, "online"));
                }
            });
            b.expect(f -> isStatus(f, alice, "offline"));
            assertTrue(b.ofType("presence").stream().allMatch(f -> f.path("data").path("userId").asText().equals(alice.id())));
        }
    }

    @Test
    void presenceIsPrivateToThoseSharingARoom() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        TestUser stranger = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        try (SocketClient b = TestGateway.open(bob.token()); SocketClient s = TestGateway.open(stranger.token())) {
            given().auth().oauth2(alice.token()).queryParam("userId", bob.id(), stranger.id(), alice.id(), "not-a-user")
                    .when().get("/presence")
                    .then().statusCode(200)
                    .body("userId", contains(bob.id(), stranger.id(), alice.id(), "not-a-user"))
                    .body("status", contains("online", "offline", "offline", "offline"))
                    .body("connections", contains(1, 0, 0, 0));
            // the stranger sees themself as they are, and alice (no shared room) offline
            given().auth().oauth2(stranger.token()).queryParam("userId", stranger.id(), bob.id()).when().get("/presence")
                    .then().statusCode(200).body("status", contains("online", "offline")).body("connections", contains(1, 0));
            given().auth().oauth2(TestGateway.admin().token()).queryParam("userId", stranger.id()).when().get("/presence")
                    .then().statusCode(200).body("status", contains("online")).body("connections", contains(1));
        }
    }

    @Test
    void atMostFiftyIdsPerRequest() {
        List<String> ids = java.util.stream.IntStream.range(0, 51).mapToObj(i -> UUID.randomUUID().toString()).toList();
        given().auth().oauth2(TestGateway.user().token()).queryParam("userId", ids.subList(0, 50)).when().get("/presence")
                .then().statusCode(200);
        given().auth().oauth2(TestGateway.user().token()).queryParam("userId", ids).when().get("/presence")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static boolean isStatus(JsonNode frame, TestUser user, String status) {
        return frame.path("type").asText().equals("presence") && frame.path("data").path("userId").asText().equals(user.id())
                && frame.path("data").path("status").asText().equals(status);
    }

    @Test
    void anotherInstancesConnectionsCountUntilItsHeartbeatStops() {
        TestUser user = TestGateway.user();
        String instance = "test-instance-" + UUID.randomUUID();
        // a snapshot of two pages: the connection counts once the second page arrived
        for (int page = 0; page < 2; page++) {
            TestEvents.raw(Topics.GATEWAY_PRESENCE, instance, Map.of("instanceId", instance, "sentAt", Instant.now().toString(),
                    "generation", 1, "page", page, "pages", 2, "connections", List.of(Map.of(
                            "connectionId", "remote-" + page, "userId", user.id(), "connectedAt", Instant.now().toString(),
                            "remoteAddress", "10.0.0.1:5000", "instanceId", instance))));
        }
        String token = user.token();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("userId", user.id()).when().get("/presence").then().body("status", contains("online")));
        given().auth().oauth2(token).queryParam("userId", user.id()).when().get("/presence").then()
                .body("connections", contains(2));
        given().auth().oauth2(TestGateway.admin().token()).when().get("/connections/remote-1").then().statusCode(200);
        // no further heartbeat: expired after chat.gateway.presence.expiry (3s in tests)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("userId", user.id()).when().get("/presence").then().body("status", contains("offline")));
    }
}
