package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WebSocketAuthTest {

    @Test
    void noTokenIsRefusedWith401() {
        assertEquals(401, refusal(TestSocket.builder(), TestSocket.URL));
    }

    @Test
    void badTokenIsRefusedWith401() {
        assertEquals(401, refusal(TestSocket.builder().header("Authorization", "Bearer not.a.token"), TestSocket.URL));
        assertEquals(401, refusal(TestSocket.builder(), URI.create(TestSocket.URL + "?access_token=nope")));
    }

    @Test
    void originOutsideTheAllowListIsRefusedWith403() {
        TestTokens.User user = TestTokens.user();
        assertEquals(403, refusal(TestSocket.builder().header("Authorization", "Bearer " + user.token())
                .header("Origin", "https://evil.example"), TestSocket.URL));
        try (TestSocket allowed = TestSocket.connect(TestSocket.builder()
                .header("Authorization", "Bearer " + user.token()).header("Origin", "http://localhost:8080"),
                TestSocket.URL)) {
            allowed.welcome();
        }
    }

    @Test
    void welcomeListsTheUsersRooms() {
        TestTokens.User user = TestTokens.user();
        String room = UUID.randomUUID().toString();
        TestChatService.member(room, user.id());
        try (TestSocket socket = TestSocket.open(user.token())) {
            JsonNode data = socket.welcome().path("data");
            assertEquals(user.id(), data.path("userId").asText());
            assertEquals(List.of(room), List.of(data.path("rooms").get(0).asText()));
            assertEquals(false, data.path("connectionId").asText().isEmpty());
            assertEquals(0, socket.frames.indexOf(socket.welcome()));
        }
    }

    @Test
    void tokenInQueryOrSubprotocolIsAccepted() {
        TestTokens.User user = TestTokens.user();
        try (TestSocket query = TestSocket.connect(TestSocket.builder(),
                URI.create(TestSocket.URL + "?access_token=" + user.token()))) {
            assertEquals(user.id(), query.welcome().path("data").path("userId").asText());
        }
        try (TestSocket subprotocol = TestSocket.connect(TestSocket.builder().subprotocols("bearer-token-carrier",
                "quarkus-http-upgrade#Authorization#Bearer%20" + user.token()), TestSocket.URL)) {
            assertEquals(user.id(), subprotocol.welcome().path("data").path("userId").asText());
        }
    }

    private static int refusal(WebSocket.Builder builder, URI uri) {
        CompletionException e = assertThrows(CompletionException.class, () -> TestSocket.connect(builder, uri));
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }
}
