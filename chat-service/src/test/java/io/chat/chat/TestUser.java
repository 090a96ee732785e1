package io.chat.chat;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.chat.testkit.TestInfrastructure;
import io.chat.testkit.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * A user of these tests: a fresh id and a token signed with the test key pair exactly as user-service
 * signs them (the testkit's tokens), so every test works on its own users and rooms.
 */
record TestUser(UUID id, String token) {

    /** A registered user: announced on user-events as user-service does, and known to chat-service. */
    static TestUser create() {
        TestUser user = unannounced();
        UserEventsFeed.announce(user.id(), user.username());
        return user;
    }

    /** A valid token of a user chat-service has not heard of (their user.created has not arrived). */
    static TestUser unannounced() {
        TestTokens.TestUser user = TestInfrastructure.get().tokens().user();
        return new TestUser(UUID.fromString(user.id()), user.token());
    }

    /** Unique like the id, within the contract's 3 to 32 characters. */
    String username() {
        return "u_" + id.toString().replace("-", "").substring(0, 20);
    }

    RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    String createRoom(String visibility) {
        return request().body(Map.of("name", "room-" + UUID.randomUUID(), "visibility", visibility))
                .when().post("/rooms")
                .then().statusCode(201).extract().path("id");
    }

    void add(String roomId, TestUser user) {
        request().body(Map.of("userId", user.id().toString()))
                .when().post("/rooms/" + roomId + "/members")
                .then().statusCode(201);
    }

    ValidatableResponse post(String roomId, String text) {
        return request().body(Map.of("text", text))
                .when().post("/rooms/" + roomId + "/messages")
                .then();
    }
}
