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

    static TestUser create() {
        TestTokens.TestUser user = TestInfrastructure.get().tokens().user();
        return new TestUser(UUID.fromString(user.id()), user.token());
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
