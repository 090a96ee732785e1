package io.chat.chat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Within 5 s of user-service's user.deleted, the user's still-valid tokens get 401 on every endpoint. */
@QuarkusTest
class DeletedUserTest {

    private static final Duration CONTRACT = Duration.ofSeconds(5);
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    @Test
    void aDeletedUsersTokenIsRefusedEverywhere() {
        TestUser doomed = TestUser.create();
        TestUser friend = TestUser.create();
        String room = doomed.createRoom("public");
        String message = doomed.post(room, "last words").statusCode(201).extract().path("id");
        doomed.request().when().get("/rooms").then().statusCode(200);

        UserEventsFeed.publish(UserEventsFeed.deleted(doomed.id()));
        await().atMost(CONTRACT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> doomed.request().when().get("/rooms").then().statusCode(401));

        String messages = "/rooms/" + room + "/messages";
        List<ValidatableResponse> answers = List.of(
                call(doomed, "GET", "/rooms", null),
                call(doomed, "POST", "/rooms", Map.of("name", "after death")),
                call(doomed, "GET", "/rooms/" + room, null),
                call(doomed, "PATCH", "/rooms/" + room, Map.of("name", "x")),
                call(doomed, "DELETE", "/rooms/" + room, null),
                call(doomed, "POST", "/rooms/" + room + "/members", Map.of("userId", doomed.id().toString())),
                call(doomed, "GET", "/rooms/" + room + "/members", null),
                call(doomed, "DELETE", "/rooms/" + room + "/members/" + doomed.id(), null),
                call(doomed, "POST", messages, Map.of("text", "ghost")),
                call(doomed, "GET", messages, null),
                call(doomed, "PATCH", messages + "/" + message, Map.of("text", "edited")),
                call(doomed, "DELETE", messages + "/" + message, null),
                call(doomed, "PUT", "/rooms/" + room + "/read", Map.of("seq", 1)),
                call(doomed, "POST", "/dms", Map.of("userId", friend.id().toString())));
        for (ValidatableResponse answer : answers) {
            answer.statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", "Bearer");
        }
        friend.request().when().get("/rooms").then().statusCode(200);
    }

    /** Only one replica consumes each user.deleted; the others learn it from the table within the refresh interval. */
    @Test
    void aDeletionRecordedByAnotherReplicaIsHonoured() throws SQLException {
        TestUser user = TestUser.create();
        user.request().when().get("/rooms").then().statusCode(200);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO deleted_users (id, deleted_at) VALUES (?, ?)")) {
            insert.setObject(1, user.id());
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        await().atMost(CONTRACT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> user.request().when().get("/rooms").then().statusCode(401)
                        .body("status", equalTo(401)));
        TestUser.create().request().when().get("/rooms/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static ValidatableResponse call(TestUser user, String method, String path, Object body) {
        RequestSpecification request = user.request();
        if (body != null) {
            request = request.body(body);
        }
        return request.when().request(method, path).then();
    }
}
