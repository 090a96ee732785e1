package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SseTest {

    @Test
    void withoutATokenTheStreamIsRefused() {
        given().when().get("/events").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void membersGetEventsAsServerSentEvents() throws Exception {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        try (SseClient stream = SseClient.open(alice.token())) {
            List<String> lines = stream.lines();
            UUID eventId = TestEvents.message(room, 7, "over sse");
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:message.created"));
            int at = lines.indexOf("event:message.created");
            int start = lines.subList(0, at).lastIndexOf("") + 1;
            int end = at + lines.subList(at, lines.size()).indexOf("");
            List<String> event = lines.subList(start, end);
            assertTrue(event.contains("id:" + eventId), event::toString);
            String data = event.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5);
            var frame = new ObjectMapper().readTree(data);
            assertEquals("message.created", frame.path("type").asText());
            assertEquals(room, frame.path("roomId").asText());
            assertEquals(7, frame.path("data").path("seq").asLong());
            // %test sends a keep-alive comment every second while nothing else flows
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(":keep-alive"));
        }
    }
}
