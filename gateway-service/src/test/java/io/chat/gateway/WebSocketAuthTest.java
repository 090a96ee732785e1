package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
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

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WebSocketAuthTest {

    @Test
    void noTokenIsRefusedWith401() {
        assertEquals(401, refusal(SocketClient.builder(), TestGateway.ws()));
    }

    @Test
    void badTokenIsRefusedWith401() {
        assertEquals(401, refusal(SocketClient.builder().header("Authorization", "Bearer not.a.token"), TestGateway.ws()));
        assertEquals(401, refusal(SocketClient.builder(), URI.create(TestGateway.ws() + "?access_token=nope")));
    }

    @Test
    void originOutsideTheAllowListIsRefusedWith403() {
        TestUser user = TestGateway.user();
        assertEquals(403, refusal(SocketClient.builder().header("Authorization", "Bearer " + user.token())
                .header("Origin", "https://evil.example"), TestGateway.ws()));
        try (SocketClient allowed = SocketClient.connect(SocketClient.builder()
                .header("Authorization", "Bearer " + user.token()).header("Origin", "http://localhost:8080"),
                TestGateway.ws())) {
            allowed.welcome();
        }
    }

    @Test
    void welcomeListsTheUsersRooms() {
        TestUser user = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, user.id());
        try (SocketClient socket = TestGateway.open(user.token())) {
            JsonNode data = socket.welcome().path("data");
            assertEquals(user.id(), data.path("userId").asText());
            assertEquals(List.of(room), List.of(data.path("rooms").get(0).asText()));
            assertEquals(false, data.path("connectionId").asText().isEmpty());
            assertEquals(0, socket.frames().indexOf(socket.welcome()));
        }
    }

    @Test
    void tokenInQueryOrSubprotocolIsAccepted() {
        TestUser user = TestGateway.user();
        try (SocketClient query = SocketClient.connect(SocketClient.builder(),
                URI.create(TestGateway.ws() + "?access_token=" + user.token()))) {
            assertEquals(user.id(), query.welcome().path("data").path("userId").asText());
        }
        try (SocketClient subprotocol = SocketClient.connect(SocketClient.builder().subprotocols("bearer-token-carrier",
                "quarkus-http-upgrade#Authorization#Bearer%20" + user.token()), TestGateway.ws())) {
            assertEquals(user.id(), subprotocol.welcome().path("data").path("userId").asText());
        }
    }

    /** websockets-next's carrier filter (every path) would fail these with a 500. */
    @Test
    void aMalformedSubprotocolCarrierIsABadRequest() {
        for (String protocols : List.of("bearer-token-carrier, quarkus-http-upgrade#Authorization",
                "bearer-token-carrier, quarkus-http-upgrade#Authorization#Bearer%zz",
                "quarkus-http-upgrade#Authorization#Bearer%20token")) {
            for (String path : List.of("/ws", "/presence")) {
                given().header("Sec-WebSocket-Protocol", protocols).when().get(path)
                        .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
            }
        }
    }

    private static int refusal(WebSocket.Builder builder, URI uri) {
        CompletionException e = assertThrows(CompletionException.class, () -> SocketClient.connect(builder, uri));
        return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
    }
}
