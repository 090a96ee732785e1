package io.chat.chat;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A room lock held too long is a 503 with Retry-After, not a 500 after the client gave up. */
@QuarkusTest
class DatabaseUnavailableTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    @Test
    void aLongRoomLockAnswers503WithRetryAfter() throws SQLException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        try (RoomLock lock = RoomLock.hold(room)) {
            long start = System.nanoTime();
            alice.post(room, "waits for the lock").statusCode(503).contentType(PROBLEM)
                    .header("Retry-After", "2").body("status", equalTo(503));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(waited.compareTo(Duration.ofSeconds(5)) < 0, "answered after " + waited);
        }
        // the refused post took no seq
        alice.post(room, "after the lock").statusCode(201).body("seq", equalTo(1));
    }

    @Test
    void everyPooledConnectionHasLockAndStatementTimeouts() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertEquals("2s", show(statement, "lock_timeout"));
            assertEquals("10s", show(statement, "statement_timeout"));
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
