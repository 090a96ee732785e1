package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.ws.CloseCode;
import io.chat.testkit.ServiceTokens;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway reads memberships from chat-service with its own service token, never with a connecting
 * user's (the double, like chat-service, answers only a valid service token), and a user chat-service
 * reports deleted is closed with 4003.
 */
@QuarkusTest
class ServiceCredentialTest {

    @Test
    void membershipsAreReadWithTheGatewaysOwnToken() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        try (SocketClient socket = TestGateway.open(alice.token())) {
            assertEquals(List.of(room), List.of(socket.welcome().path("data").path("rooms").get(0).asText()));
        }
        Set<String> tokens = ChatServiceDouble.tokens();
        assertFalse(tokens.contains(alice.token()), "the gateway called chat-service with the user's token");
        assertFalse(tokens.isEmpty());
        for (String token : tokens) {
            assertEquals(200, ServiceTokenCheck.status(token), token);
            JsonNode claims = ServiceTokenCheck.claims(token);
            assertEquals(ServiceTokens.ISSUER, claims.path("iss").asText());
            assertTrue(claims.path("exp").asLong() - claims.path("iat").asLong() <= Duration.ofMinutes(5).toSeconds(),
                    "service tokens are short-lived");
        }
    }

    @Test
    void aUserChatServiceReportsDeletedIsClosedWith4003() {
        TestUser gone = TestGateway.user();
        ChatServiceDouble.deleted(gone.id());
        try (SocketClient socket = SocketClient.connect(SocketClient.builder()
                .header("Authorization", "Bearer " + gone.token()), TestGateway.ws())) {
            assertEquals(CloseCode.USER_DELETED.code(), socket.awaitClose());
            assertTrue(socket.ofType("welcome").isEmpty());
        }
    }
}
