package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.PollClient;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /poll}: sessions are connections; events are numbered, held until acknowledged, and waited for. */
@QuarkusTest
class PollTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aRoomsMessagesArriveInOrderAcrossPollsWithAck() {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        try (PollClient poll = open(alice)) {
            JsonNode welcome = poll.events().get(0);
            assertEquals("welcome", welcome.path("type").asText());
            assertEquals(poll.sessionId(), welcome.path("data").path("connectionId").asText());
            assertEquals(room, welcome.path("data").path("rooms").get(0).asText());
            assertEquals(1, poll.next());
            List<Long> seqs = new ArrayList<>();
            for (int round = 0; round < 15; round++) {
                long before = poll.next();
                for (int i = 1; i <= 3; i++) {
                    TestEvents.message(room, round * 3 + i, "m" + (round * 3 + i));
                }
                List<JsonNode> answer = List.of();
                while (seqs.size() < (round + 1) * 3) {
                    answer = poll.poll(Duration.ofSeconds(10));
                    answer.forEach(e -> seqs.add(e.path("data").path("seq").asLong()));
                }
                assertEquals(before + 3, poll.next(), "each event is numbered, one after the other");
                if (round % 5 == 4) {
                    // the last answer is not acknowledged yet: polling without acknowledging it gets it again
                    JsonNode again = rawPoll(alice, poll.sessionId(), poll.next() - answer.size(), 0);
                    List<JsonNode> events = new ArrayList<>();
                    again.path("events").forEach(events::add);
                    assertEquals(answer, events);
                    assertEquals(poll.next(), again.path("next").asLong());
                }
            }
            assertEquals(LongStream.rangeClosed(1, 45).boxed().toList(), seqs);
        }
    }

    @Test
    void aWaitingPollAnswersWhenAnEventArrivesAndOtherwiseAfterItsWait() throws Exception {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        try (PollClient poll = open(alice)) {
            JsonNode empty = rawPoll(alice, poll.sessionId(), poll.next(), 1);
            assertEquals(0, empty.path("events").size());
            assertEquals(poll.next(), empty.path("next").asLong());

            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + TestGateway.port() + "/poll/"
                    + poll.sessionId() + "?ack=" + poll.next() + "&wait=30")).header("Authorization", "Bearer " + alice.token())
                    .build();
            CompletableFuture<HttpResponse<String>> waiting = HttpClient.newHttpClient().sendAsync(request,
                    HttpResponse.BodyHandlers.ofString());
            TestEvents.message(room, 1, "wake up");
            // answered by the event, well before its 30 s wait
            await().atMost(Duration.ofSeconds(20)).until(waiting::isDone);
            JsonNode answer = new ObjectMapper().readTree(waiting.get().body());
            assertEquals(200, waiting.get().statusCode());
            assertEquals("wake up", answer.path("events").get(0).path("data").path("text").asText());
            assertEquals(poll.next() + 1, answer.path("next").asLong());
        }
    }

    @Test
    void aSessionIsOnlyItsUsersAndEndsWithDelete() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        PollClient poll = open(alice);
        String path = "/poll/" + poll.sessionId();
        given().auth().oauth2(bob.token()).when().get(path + "?wait=0").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(bob.token()).contentType(ContentType.JSON).body("{\"type\":\"ping\"}")
                .when().post(path + "/frames").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(bob.token()).when().delete(path).then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(alice.token()).when().get("/poll/" + UUID.randomUUID() + "?wait=0").then().statusCode(404)
                .contentType(PROBLEM);
        // bob's attempts changed nothing
        given().auth().oauth2(alice.token()).when().get(path + "?wait=0").then().statusCode(200);

        given().auth().oauth2(alice.token()).when().delete(path).then().statusCode(204);
        given().auth().oauth2(alice.token()).when().get(path + "?wait=0").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(alice.token()).queryParam("userId", alice.id()).when().get("/presence")
                .then().statusCode(200).body("status", hasItem("offline"));
    }

    @Test
    void framesPingTypingAndErrorsAnswerAsEvents() {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        TestEvents.awaitGatewayReady();
        try (PollClient poll = open(alice); SocketClient b = TestGateway.open(bob.token())) {
            assertEquals(202, poll.send("{\"type\":\"ping\"}"));
            poll.expect("pong");

            assertEquals(202, poll.send("{\"type\":\"typing\",\"roomId\":\"" + room + "\"}"));
            JsonNode typing = b.expect("typing");
            assertEquals(alice.id(), typing.path("data").path("userId").asText());
            assertEquals(room, typing.path("roomId").asText());

            assertEquals(202, poll.send("{\"type\":\"typing\",\"roomId\":\"" + UUID.randomUUID() + "\"}"));
            assertEquals("not_member", poll.expect("error").path("data").path("code").asText());
            assertEquals(202, poll.send("{\"type\":\"dance\"}"));
            poll.expect(e -> "unknown_type".equals(e.path("data").path("code").asText()));
            poll.sync();
            assertEquals(List.of(), poll.ofType("typing"), "typing is not sent back to the typist");
        }
    }

    @Test
    void aSessionIsAConnectionForPresenceAndTheAdminApi() {
        TestUser alice = TestGateway.user();
        String admin = TestGateway.admin().token();
        TestEvents.awaitGatewayReady();
        try (PollClient poll = open(alice)) {
            given().auth().oauth2(alice.token()).queryParam("userId", alice.id()).when().get("/presence")
                    .then().statusCode(200).body("status", hasItem("online"));
            given().auth().oauth2(admin).queryParam("userId", alice.id()).when().get("/connections")
                    .then().statusCode(200).body("connectionId", hasItem(poll.sessionId()));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"notice\":\"hello\"}")
                    .when().post("/connections/" + poll.sessionId()).then().statusCode(202);
            assertEquals("hello", poll.expect("admin").path("data").path("notice").asText());

            given().auth().oauth2(admin).when().delete("/connections/" + poll.sessionId()).then().statusCode(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                poll.poll(Duration.ZERO);
                return poll.ended();
            });
        }
    }

    @Test
    void aSessionHoldingMoreThanTheSlowReaderBoundEnds() {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        PollClient poll = open(alice);
        String path = "/poll/" + poll.sessionId();
        given().auth().oauth2(alice.token()).when().get(path + "?ack=1&wait=0").then().statusCode(200);
        // %test bounds unacknowledged output at 256 KiB: 80 messages of 4000 characters exceed it
        String text = "x".repeat(4000);
        for (int seq = 1; seq <= 80; seq++) {
            TestEvents.message(room, seq, text);
        }
        // well before the 60 s expiry, the session holding them has ended
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(alice.token())
                .when().get(path + "?wait=0").statusCode() == 404);
    }

    @Test
    void badRequestsGetProblemDetails() {
        TestUser alice = TestGateway.user();
        given().when().post("/poll").then().statusCode(401).contentType(PROBLEM);
        try (PollClient poll = open(alice)) {
            String path = "/poll/" + poll.sessionId();
            for (String query : List.of("?wait=31", "?wait=-1", "?wait=soon", "?ack=-1", "?ack=x", "?ack=2&wait=0")) {
                given().auth().oauth2(alice.token()).when().get(path + query).then().statusCode(400).contentType(PROBLEM);
            }
            given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body("{not json")
                    .when().post(path + "/frames").then().statusCode(400).contentType(PROBLEM);
            given().auth().oauth2(alice.token()).contentType(ContentType.JSON)
                    .when().post(path + "/frames").then().statusCode(400).contentType(PROBLEM);
            given().auth().oauth2(alice.token()).contentType(ContentType.JSON).body("{\"type\":\"" + "x".repeat(70_000) + "\"}")
                    .when().post(path + "/frames").then().statusCode(413).contentType(PROBLEM);
            given().auth().oauth2(alice.token()).when().get(path + "?wait=31").then()
                    .body("detail", containsString("30"));
            // the session survived all of it
            poll.poll(Duration.ZERO);
            assertFalse(poll.ended());
        }
    }

    private static PollClient open(TestUser user) {
        return PollClient.open("http://localhost:" + TestGateway.port(), user.token());
    }

    private static JsonNode rawPoll(TestUser user, String sessionId, long ack, int wait) {
        String body = given().auth().oauth2(user.token()).when().get("/poll/" + sessionId + "?ack=" + ack + "&wait=" + wait)
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        try {
            return new ObjectMapper().readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
