package io.chat.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;

/** A room lock held too long is a 503 with Retry-After, not a 500 after the client gave up. */
@QuarkusTest
class DatabaseUnavailableTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(10);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aLongRoomLockAnswers503WithRetryAfter() throws SQLException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (RoomLock lock = RoomLock.hold(room)) {
            // Without lock_timeout the post would wait for the lock as long as it is held: give up instead.
            alice.request().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", (int) CLIENT_PATIENCE.toMillis())))
                    .body(Map.of("text", "waits for the lock")).when().post("/rooms/" + room + "/messages")
                    .then().statusCode(503).contentType(PROBLEM).header("Retry-After", "2").body("status", equalTo(503));
        }
        // the refused post took no seq
        alice.post(room, "after the lock").statusCode(201).body("seq", equalTo(1));
    }

    @Test
    void thePoolAndEveryConnectionHaveTimeouts() throws SQLException {
        assertEquals(Duration.ofSeconds(2),
                dataSource.getConfiguration().connectionPoolConfiguration().acquisitionTimeout());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertEquals("2s", show(statement, "lock_timeout"));
            assertEquals("5s", show(statement, "statement_timeout"));
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
