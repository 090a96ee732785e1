package io.chat.chat;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.ResponseSpecBuilder;
import io.restassured.specification.ResponseSpecification;

/**
 * U+0000 and the other C0 control characters (but TAB, LF, CR), and unpaired surrogates, in any text field:
 * 400 naming the field.
 */
@QuarkusTest
class ControlCharactersTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String[] REFUSED = { "a\u0000b", "\u0001", "bell\u0007", "esc\u001b[0m", "\u001f" };

    /** A 400 problem whose violations all name this field (a blank name may add a second one). */
    private static ResponseSpecification refused(String field) {
        return new ResponseSpecBuilder().expectStatusCode(400).expectContentType(PROBLEM)
                .expectBody("violations.field", hasItem(field))
                .expectBody("violations.field", everyItem(equalTo(field)))
                .build();
    }

    @Test
    void roomNameAndTopic() {
        TestUser owner = TestUser.create();
        String room = owner.createRoom("public");
        for (String bad : REFUSED) {
            owner.request().body(Map.of("name", bad)).when().post("/rooms")
                    .then().spec(refused("name"));
            owner.request().body(Map.of("name", "ok", "topic", bad)).when().post("/rooms")
                    .then().spec(refused("topic"));
            owner.request().body(Map.of("name", bad)).when().patch("/rooms/" + room)
                    .then().spec(refused("name"));
            owner.request().body(Map.of("topic", bad)).when().patch("/rooms/" + room)
                    .then().spec(refused("topic"));
        }
        owner.request().body(Map.of("name", "tab\tok", "topic", "line one\r\nline two")).when().post("/rooms")
                .then().statusCode(201).body("topic", equalTo("line one\r\nline two"));
    }

    @Test
    void messageTextAndClientMsgId() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        String path = "/rooms/" + room + "/messages";
        String id = alice.post(room, "first").statusCode(201).extract().path("id");
        for (String bad : REFUSED) {
            alice.post(room, bad).spec(refused("text"));
            alice.request().body(Map.of("text", "fine", "clientMsgId", bad)).when().post(path)
                    .then().spec(refused("clientMsgId"));
            alice.request().body(Map.of("text", bad)).when().patch(path + "/" + id)
                    .then().spec(refused("text"));
        }
        alice.post(room, "code:\n\tindented\r\n").statusCode(201).body("text", equalTo("code:\n\tindented\r\n"));
        alice.request().when().get(path).then().statusCode(200).body("seq", contains(1, 2));
    }

    /** A lone surrogate has no UTF-8 form: stored, it would come back as "?" and could equal another value. */
    @Test
    void unpairedSurrogatesAreRefusedAndPairsKept() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        String path = "/rooms/" + room + "/messages";
        for (String lone : new String[] { "lone \\ud800 x", "\\udfff", "end \\ud83d", "\\ude00\\ud83d" }) {
            alice.request().body("{\"text\": \"" + lone + "\"}").when().post(path).then().spec(refused("text"))
                    .body("violations[0].message", equalTo("must not contain an unpaired surrogate"));
            alice.request().body("{\"text\": \"ok\", \"clientMsgId\": \"k" + lone + "\"}").when().post(path)
                    .then().spec(refused("clientMsgId"));
            alice.request().body("{\"name\": \"" + lone + "\"}").when().post("/rooms").then().spec(refused("name"));
            alice.request().body("{\"topic\": \"" + lone + "\"}").when().patch("/rooms/" + room).then().spec(refused("topic"));
        }
        alice.request().body("{\"text\": \"pair \\ud83d\\ude00\"}").when().post(path)
                .then().statusCode(201).body("text", equalTo("pair \uD83D\uDE00"));
        alice.request().when().get(path).then().statusCode(200).body("text", contains("pair \uD83D\uDE00"));
    }

    /** A rename is checked as a creation is: a name with a line break is not blank. */
    @Test
    void aNameWithALineBreakIsNotBlank() {
        TestUser owner = TestUser.create();
        String room = owner.createRoom("public");
        owner.request().body(Map.of("name", "two\nlines")).when().patch("/rooms/" + room)
                .then().statusCode(200).body("name", equalTo("two\nlines"));
        owner.request().body(Map.of("name", " \n\t")).when().patch("/rooms/" + room).then().spec(refused("name"));
    }

    @Test
    void historyQueryParameters() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        for (String parameter : new String[] { "after", "before", "limit" }) {
            alice.request().queryParam(parameter, "1\u0000").when().get("/rooms/" + room + "/messages")
                    .then().spec(refused(parameter));
        }
    }
}
