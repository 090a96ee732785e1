package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.RawUpgrade;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A user holds at most {@code max-connections-per-user} (10) connections on an instance, WebSocket, SSE,
 * long-poll and STOMP together; every refused upgrade answers a problem body, and so do oversized requests.
 */
@QuarkusTest
class ConnectionCapTest {

    private static final String PROBLEM = "application/problem+json";
    private static final int CAP = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A handshake's headers, for raw upgrades that leave one out. */
    private static final String WEBSOCKET = "Upgrade: websocket";
    private static final String CONNECTION = "Connection: Upgrade";
    private static final String VERSION = "Sec-WebSocket-Version: 13";
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void theEleventhConnectionIsRefusedWith429WhateverItsTransport() throws Exception {
        TestUser user = TestGateway.user();
        List<SocketClient> sockets = new ArrayList<>();
        try (SseClient stream = SseClient.open(user.token())) {
            for (int i = 1; i < CAP; i++) {
                sockets.add(TestGateway.open(user.token()));
            }
            assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Bearer " + user.token()), 429);
            HttpResponse<String> sse = SseClient.refusal(user.token());
            assertEquals(429, sse.statusCode());
            assertTrue(sse.headers().firstValue("Content-Type").orElse("").startsWith(PROBLEM));
            given().auth().oauth2(user.token()).when().post("/poll").then().statusCode(429).contentType(PROBLEM);
            assertThrows(Exception.class, () -> StompClients.connect(user.token(), new long[] { 0, 0 }).close(),
                    "a STOMP CONNECT past the cap");
            // neither opened a connection: the user still holds exactly the cap
            given().auth().oauth2(TestGateway.admin().token()).when().get("/connections?userId=" + user.id())
                    .then().statusCode(200).body("size()", org.hamcrest.Matchers.is(CAP));
            // another user is not affected
            try (SocketClient other = TestGateway.open(TestGateway.user().token())) {
                other.welcome();
            }
            sockets.remove(0).close();
            org.awaitility.Awaitility.await().atMost(SocketClient.TIMEOUT).until(() -> {
                RawUpgrade next = RawUpgrade.of(TestGateway.port(), "Authorization: Bearer " + user.token());
                return next.status() == 101;
            });
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    @Test
    void aSocketClosedWhileItsRoomsLoadGivesItsSlotBack() {
        TestUser user = TestGateway.user();
        for (int i = 0; i <= CAP; i++) { // the last one would be refused if each before it had kept its slot
            CountDownLatch roomsAnswer = ChatServiceDouble.hold(user.id());
            try (SocketClient socket = TestGateway.openWhileTheRoomsLoad(user)) {
                assertTrue(socket.frames().isEmpty()); // closed before its welcome
            } finally {
                roomsAnswer.countDown();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestGateway.admin().token())
                .when().get("/connections?userId=" + user.id()).then().statusCode(200).body("size()", is(0)));
        try (SocketClient socket = TestGateway.open(user.token())) {
            assertEquals(user.id(), socket.welcome().path("data").path("userId").asText());
        }
    }

    @Test
    void everyRefusedUpgradeHasAProblemBody() throws Exception {
        TestUser user = TestGateway.user();
        assertProblem(RawUpgrade.of(TestGateway.port()), 401);
        assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Bearer not.a.token"), 401);
        assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Bearer "), 401);
        assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Basic YWxpY2U6c2VjcmV0"), 401);
        assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Bearer " + TestGateway.admin().token().replace('a', 'b')), 401);
        assertProblem(RawUpgrade.of(TestGateway.port(), "Authorization: Bearer " + user.token(), "Origin: https://evil.example"), 403);
    }

    /**
     * Handshakes Vert.x refused with a bare status (426 without a body, 400 with a text or no body, 405) or
     * websockets-next passed on as a 404, on both endpoints; and the handshakes clients send still upgrade.
     */
    @Test
    void aMalformedHandshakeIsAProblemOnBothEndpoints() throws Exception {
        String token = "Authorization: Bearer " + TestGateway.user().token();
        for (String path : List.of("/ws", "/stomp")) {
            assertProblem(upgrade(path, token, WEBSOCKET, VERSION, KEY), 400); // no Connection: Upgrade
            assertProblem(upgrade(path, token, "Upgrade: h2c", CONNECTION, VERSION, KEY), 400);
            assertProblem(upgrade(path, token, CONNECTION, VERSION, KEY), 400); // no Upgrade
            assertProblem(upgrade(path, token, WEBSOCKET, CONNECTION, VERSION), 400); // no key
            for (String version : List.of("Sec-WebSocket-Version: 99", "Sec-WebSocket-Version: 8", "X-No-Version: 1")) {
                RawUpgrade unsupported = upgrade(path, token, WEBSOCKET, CONNECTION, version, KEY);
                assertProblem(unsupported, 426);
                assertEquals("13", unsupported.headers().get("sec-websocket-version"), unsupported::toString);
            }
            assertProblem(RawUpgrade.request(TestGateway.port(), "POST", path, token, WEBSOCKET, CONNECTION, VERSION, KEY), 405);
            // Firefox's Connection, another case, Origin: as browsers and other clients send them
            assertEquals(101, upgrade(path, token, "Upgrade: WebSocket", "Connection: keep-alive, Upgrade", VERSION, KEY,
                    "Origin: http://localhost:8080", "Sec-WebSocket-Extensions: permessage-deflate").status());
        }
    }

    @Test
    void oversizedRequestsGetProblemBodies() {
        String admin = TestGateway.admin().token();
        given().auth().oauth2(admin).contentType("application/json").body(new java.io.ByteArrayInputStream(
                ("{\"x\":\"" + "y".repeat(70_000) + "\"}").getBytes()))
                .when().post("/connections/some-connection")
                .then().statusCode(413).contentType(PROBLEM);
        given().when().get("/presence?userId=" + "x".repeat(10_000))
                .then().statusCode(414).contentType(PROBLEM);
    }

    private static RawUpgrade upgrade(String path, String... headers) {
        return RawUpgrade.request(TestGateway.port(), "GET", path, headers);
    }

    private static void assertProblem(RawUpgrade answer, int status) throws Exception {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.contentType().startsWith(PROBLEM), answer::toString);
        JsonNode body = MAPPER.readTree(answer.body());
        assertEquals(status, body.path("status").asInt(), answer::toString);
        assertTrue(body.hasNonNull("title") && body.hasNonNull("detail"), answer::toString);
    }
}
