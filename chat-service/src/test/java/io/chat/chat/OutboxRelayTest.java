package io.chat.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** One event Kafka refuses does not hold back the ones after it; the relay's state is served as metrics and health. */
@QuarkusTest
class OutboxRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    DataSource dataSource;

    @Test
    void aPoisonRowIsParkedAndTheEventsAfterItReachKafka() throws SQLException {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        long poison = insertPoison();
        try (ChatEventsProbe probe = new ChatEventsProbe(room)) {
            alice.post(room, "after the poison").statusCode(201);
            probe.awaitEvents(TIMEOUT, events -> events.stream().anyMatch(e -> e.get("type").asText().equals("message.created")
                    && e.get("data").get("text").asText().equals("after the poison")));
        }
        await().atMost(TIMEOUT).until(() -> parkedError(poison) != null);
        assertThat(parkedError(poison), containsString("InvalidTopicException"));

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("outbox_parked_total"))
                .body(containsString("outbox_oldest_age_seconds"));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"));
        // Kafka's state must not take the service out of rotation
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("outbox-relay")));
    }

    /** A row no Kafka accepts: its topic name is not a legal one. */
    private long insertPoison() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO outbox_event (event_id, topic, event_key, payload)
                        VALUES (?, 'not a valid topic!', 'poison', '{}') RETURNING id""")) {
            insert.setObject(1, UUID.randomUUID());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String parkedError(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT error FROM outbox_parked WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
