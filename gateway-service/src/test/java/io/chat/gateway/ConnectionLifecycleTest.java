package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.events.UserEvents;
import io.chat.contracts.ws.CloseCode;
import io.chat.testkit.RawUpgrade;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** Connections end with their user (4003, and no new ones) and with their token (4001). */
@QuarkusTest
class ConnectionLifecycleTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aDeletedUsersConnectionsCloseWith4003AndNewOnesAreRefused() {
        TestUser doomed = TestGateway.user();
        TestUser friend = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, doomed.id());
        ChatServiceDouble.member(room, friend.id());
        TestEvents.awaitGatewayReady();
        try (SocketClient socket = TestGateway.open(doomed.token()); SseClient stream = SseClient.open(doomed.token());
                SocketClient other = TestGateway.open(friend.token())) {
            TestEvents.user(UserEvents.USER_DELETED, doomed.id(), new UserEvents.UserData(UUID.fromString(doomed.id()),
                    "doomed", "Doomed Dan", Instant.parse("2026-01-02T03:04:05Z")));
            assertEquals(CloseCode.USER_DELETED.code(), socket.awaitClose());
            assertTrue(socket.ofType("user.deleted").size() == 1, "the user.deleted frame comes before the close");
            JsonNode user = socket.ofType("user.deleted").get(0).path("data"); // API.md: the whole user
            assertEquals("Doomed Dan", user.path("displayName").asText());
            assertEquals("2026-01-02T03:04:05Z", user.path("createdAt").asText());
            stream.awaitEnd();
            other.sync(); // the friend's socket stays open

            RawUpgrade again = RawUpgrade.of(TestGateway.port(), "Authorization: Bearer " + doomed.token());
            assertEquals(401, again.status());
            assertTrue(again.contentType().startsWith(PROBLEM), again.toString());
            assertEquals(401, SseClient.refusal(doomed.token()).statusCode());
            given().auth().oauth2(doomed.token()).when().get("/presence?userId=" + doomed.id())
                    .then().statusCode(401).contentType(PROBLEM);
        }
    }

    @Test
    void connectionsCloseWith4001WhenTheirTokenExpires() {
        String userId = UUID.randomUUID().toString();
        String token = TestInfrastructure.get().tokens().token(userId, List.of("user"), Duration.ofSeconds(3));
        try (SocketClient socket = TestGateway.open(token); SseClient stream = SseClient.open(token)) {
            assertEquals(CloseCode.TOKEN_EXPIRED.code(), socket.awaitClose());
            stream.awaitEnd();
        }
        await().atMost(SseClient.TIMEOUT).untilAsserted(() -> given().auth().oauth2(TestGateway.admin().token())
                .when().get("/connections?userId=" + userId).then().statusCode(200).body("size()", is(0)));
    }
}
