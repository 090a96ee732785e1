package io.chat.chat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With every pooled connection taken, requests answer 503 with Retry-After after the acquisition timeout. */
@QuarkusTest
@TestProfile(PoolExhaustionTest.TinyPool.class)
class PoolExhaustionTest {

    private static final int POOL_SIZE = 3;
    private static final String PROBLEM = "application/problem+json";

    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", Integer.toString(POOL_SIZE));
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void anExhaustedPoolAnswers503WithRetryAfter() throws SQLException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        List<Connection> held = new ArrayList<>();
        try {
            // Background work (relay, projection) gives its connections back within the acquisition timeout.
            while (held.size() < POOL_SIZE) {
                held.add(dataSource.getConnection());
            }
            alice.post(room, "no connection").statusCode(503).contentType(PROBLEM).header("Retry-After", "2");
            alice.request().when().get("/rooms").then().statusCode(503).contentType(PROBLEM).header("Retry-After", "2");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        alice.post(room, "connections are back").statusCode(201);
    }
}
