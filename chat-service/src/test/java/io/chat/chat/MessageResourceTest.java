package io.chat.chat;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MessageResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void postAssignsConsecutiveSeqs() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        alice.post(room, "hello").statusCode(201)
                .header("Location", notNullValue())
                .body("seq", equalTo(1))
                .body("roomId", equalTo(room))
                .body("senderId", equalTo(alice.id().toString()))
                .body("text", equalTo("hello"))
                .body("deleted", equalTo(false))
                .body("createdAt", notNullValue())
                .body("$", hasKey("clientMsgId"))
                .body("$", not(hasKey("editedAt")));
        alice.post(room, "again").statusCode(201).body("seq", equalTo(2));
        alice.request().when().get("/rooms/" + room).then().body("lastSeq", equalTo(2));
    }

    @Test
    void onlyMembersPost() {
        TestUser owner = TestUser.create();
        TestUser stranger = TestUser.create();
        String open = owner.createRoom("public");
        String secret = owner.createRoom("private");
        stranger.post(open, "hi").statusCode(403).contentType(PROBLEM);
        stranger.post(secret, "hi").statusCode(404).contentType(PROBLEM);
        stranger.post(UUID.randomUUID().toString(), "hi").statusCode(404).contentType(PROBLEM);
        stranger.request().when().get("/rooms/" + open + "/messages").then().statusCode(403);
    }

    @Test
    void textMustBeOneTo4000Characters() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        alice.post(room, "").statusCode(400).contentType(PROBLEM).body("violations[0].field", equalTo("text"));
        alice.post(room, "x".repeat(4001)).statusCode(400).contentType(PROBLEM);
        alice.post(room, "x".repeat(4000)).statusCode(201);
        alice.request().body(Map.of("clientMsgId", "abc")).when().post("/rooms/" + room + "/messages")
                .then().statusCode(400).contentType(PROBLEM);
        alice.request().body("{\"text\": 42,}").when().post("/rooms/" + room + "/messages")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aBodyIsReadAsWrittenOrRefused() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        String path = "/rooms/" + room + "/messages";
        for (String wrongType : new String[] { "{\"text\": 5}", "{\"text\": true}", "{\"text\": 1.5}" }) {
            alice.request().body(wrongType).when().post(path).then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", contains("text"));
        }
        alice.request().body("{\"text\": \"ok\", \"clientMsgId\": 5}").when().post(path)
                .then().statusCode(400).contentType(PROBLEM).body("violations.field", contains("clientMsgId"));
        for (String trailing : new String[] { "{\"text\": \"one\"} garbage", "{\"text\": \"one\"}{\"text\": \"two\"}" }) {
            alice.request().body(trailing).when().post(path).then().statusCode(400).contentType(PROBLEM);
        }
        // no body at all: the violation names the body, not a Java parameter
        alice.request().body("").when().post(path).then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", contains("body"));
        alice.request().when().get(path).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void repeatedClientMsgIdReturnsTheFirstMessage() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("public");
        alice.add(room, bob);
        String id = alice.request().body(Map.of("text", "once", "clientMsgId", "c-1"))
                .when().post("/rooms/" + room + "/messages")
                .then().statusCode(201).body("clientMsgId", equalTo("c-1")).extract().path("id");
        alice.request().body(Map.of("text", "once (retry)", "clientMsgId", "c-1"))
                .when().post("/rooms/" + room + "/messages")
                .then().statusCode(200).body("id", equalTo(id)).body("text", equalTo("once")).body("seq", equalTo(1));
        // the same clientMsgId from another sender is another message
        bob.request().body(Map.of("text", "mine", "clientMsgId", "c-1"))
                .when().post("/rooms/" + room + "/messages")
                .then().statusCode(201).body("seq", equalTo(2));
        alice.request().when().get("/rooms/" + room + "/messages").then().body("$", hasSize(2));
    }

    @Test
    void aRemovedSenderRepeatingAClientMsgIdLearnsNothing() {
        TestUser owner = TestUser.create();
        TestUser bob = TestUser.create();
        String open = owner.createRoom("public");
        String secret = owner.createRoom("private");
        for (String room : new String[] { open, secret }) {
            owner.add(room, bob);
            bob.request().body(Map.of("text", "before removal", "clientMsgId", "r-1"))
                    .when().post("/rooms/" + room + "/messages").then().statusCode(201);
            owner.request().when().delete("/rooms/" + room + "/members/" + bob.id()).then().statusCode(204);
        }
        bob.request().body(Map.of("text", "retry", "clientMsgId", "r-1")).when().post("/rooms/" + open + "/messages")
                .then().statusCode(403).contentType(PROBLEM);
        bob.request().body(Map.of("text", "retry", "clientMsgId", "r-1")).when().post("/rooms/" + secret + "/messages")
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void historyPagesByAfterBeforeAndLimit() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        for (int i = 1; i <= 7; i++) {
            alice.post(room, "m" + i).statusCode(201);
        }
        String path = "/rooms/" + room + "/messages";
        alice.request().when().get(path).then().statusCode(200).body("seq", contains(1, 2, 3, 4, 5, 6, 7));
        alice.request().queryParam("after", 2).queryParam("limit", 3).when().get(path)
                .then().body("seq", contains(3, 4, 5));
        alice.request().queryParam("before", 6).queryParam("limit", 2).when().get(path)
                .then().body("seq", contains(4, 5));
        alice.request().queryParam("limit", 2).when().get(path).then().body("seq", contains(6, 7));
        alice.request().queryParam("after", 2).queryParam("before", 5).when().get(path)
                .then().body("seq", contains(3, 4));
        alice.request().queryParam("after", 7).when().get(path).then().body("$", hasSize(0));
        // only ASCII digits: Long.parseLong would also read "+3", the fullwidth "３" and the Arabic-Indic "٣"
        for (String bad : new String[] { "0", "201", "abc", "-1", "+3", "\uFF13", "\u0663", "99999999999999999999" }) {
            alice.request().queryParam("limit", bad).when().get(path).then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", contains("limit"));
        }
        alice.request().queryParam("after", "x").when().get(path).then().statusCode(400).contentType(PROBLEM);
        alice.request().queryParam("limit", 200).when().get(path).then().statusCode(200);
    }

    @Test
    void onlyTheAuthorEdits() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("public");
        alice.add(room, bob);
        String id = bob.post(room, "typo").statusCode(201).extract().path("id");
        String path = "/rooms/" + room + "/messages/" + id;
        alice.request().body(Map.of("text", "not yours")).when().patch(path).then().statusCode(403).contentType(PROBLEM);
        bob.request().body(Map.of("text", "fixed")).when().patch(path)
                .then().statusCode(200).body("text", equalTo("fixed")).body("editedAt", notNullValue()).body("seq", equalTo(1));
        bob.request().body(Map.of("text", "")).when().patch(path).then().statusCode(400);
        bob.request().body(Map.of("text", "x")).when().patch("/rooms/" + room + "/messages/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void authorOrOwnerDeletesAndHistoryKeepsATextlessTombstone() {
        TestUser owner = TestUser.create();
        TestUser author = TestUser.create();
        TestUser other = TestUser.create();
        String room = owner.createRoom("public");
        owner.add(room, author);
        owner.add(room, other);
        String first = author.post(room, "one").statusCode(201).extract().path("id");
        String second = author.post(room, "two").statusCode(201).extract().path("id");
        other.request().when().delete("/rooms/" + room + "/messages/" + first).then().statusCode(403);
        author.request().when().delete("/rooms/" + room + "/messages/" + first).then().statusCode(204);
        owner.request().when().delete("/rooms/" + room + "/messages/" + second).then().statusCode(204);
        author.request().body(Map.of("text", "undo")).when().patch("/rooms/" + room + "/messages/" + first)
                .then().statusCode(409).contentType(PROBLEM);
        other.request().when().get("/rooms/" + room + "/messages")
                .then().body("seq", contains(1, 2))
                .body("deleted", contains(true, true))
                .body("[0].text", nullValue());
    }

    @Test
    void readMarkerNeverMovesBackwards() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("public");
        alice.add(room, bob);
        for (int i = 0; i < 5; i++) {
            alice.post(room, "m" + i).statusCode(201);
        }
        bob.request().body(Map.of("seq", 3)).when().put("/rooms/" + room + "/read").then().statusCode(204);
        bob.request().when().get("/rooms").then().body("[0].unreadCount", equalTo(2));
        bob.request().body(Map.of("seq", 1)).when().put("/rooms/" + room + "/read").then().statusCode(204);
        bob.request().when().get("/rooms").then().body("[0].unreadCount", equalTo(2));
        bob.request().body(Map.of("seq", 99)).when().put("/rooms/" + room + "/read").then().statusCode(204);
        bob.request().when().get("/rooms").then().body("[0].unreadCount", equalTo(0));
        alice.post(room, "new").statusCode(201);
        bob.request().when().get("/rooms").then().body("[0].unreadCount", equalTo(1));
        bob.request().body(Map.of("seq", -1)).when().put("/rooms/" + room + "/read").then().statusCode(400).contentType(PROBLEM);
        bob.request().body(Map.of()).when().put("/rooms/" + room + "/read").then().statusCode(400).contentType(PROBLEM);
        // a seq of another JSON type is refused, not converted
        for (String bad : new String[] { "{\"seq\": \"3\"}", "{\"seq\": 1.7}", "{\"seq\": 1e2}", "{\"seq\": true}" }) {
            bob.request().body(bad).when().put("/rooms/" + room + "/read").then().statusCode(400).contentType(PROBLEM)
                    .body("violations.field", contains("seq"));
        }
        TestUser.create().request().body(Map.of("seq", 1)).when().put("/rooms/" + room + "/read").then().statusCode(403);
    }
}
