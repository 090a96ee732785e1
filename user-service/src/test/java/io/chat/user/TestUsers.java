package io.chat.user;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Registers users with unique names, so tests never see each other's data. */
final class TestUsers {

    static final String PASSWORD = "correct horse battery";

    private TestUsers() {
    }

    record Registered(String id, String username, String token) {
    }

    static String uniqueName() {
        return "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    static Registered register() {
        String username = uniqueName();
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Display " + username, "password", PASSWORD))
                .when().post("/users")
                .then().statusCode(201)
                .extract().path("id");
        return new Registered(id, username, token(username, PASSWORD));
    }

    static String token(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/auth/token")
                .then().statusCode(200)
                .extract().path("accessToken");
    }
}
