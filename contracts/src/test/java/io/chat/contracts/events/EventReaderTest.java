package io.chat.contracts.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class EventReaderTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    private final EventReader reader = new EventReader(mapper, ChatEvents.ALL);

    @Test
    void readsThePayloadAsTheRecordOfItsType() throws JsonProcessingException {
        UUID room = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        String json = mapper.writeValueAsString(EventEnvelope.of(ChatEvents.MEMBER_JOINED, room.toString(),
                new ChatEvents.MemberData(room, user, "member")));

        EventReader.TypedEvent<?> event = reader.read(json).orElseThrow();

        assertEquals(ChatEvents.MEMBER_JOINED, event.type());
        assertEquals(user, event.as(ChatEvents.MEMBER_JOINED).orElseThrow().data().userId());
        assertTrue(event.as(ChatEvents.MEMBER_LEFT).isEmpty());
    }

    @Test
    void anUnknownTypeOrVersionIsSkippedNotAnError() throws JsonProcessingException {
        String newerVersion = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"member.joined\",\"version\":2,"
                + "\"key\":\"k\",\"data\":{\"whatever\":1}}";
        String unknownType = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"room.archived\",\"version\":1,"
                + "\"key\":\"k\",\"data\":{}}";

        assertTrue(reader.read(newerVersion).isEmpty());
        assertTrue(reader.read(unknownType).isEmpty());
    }

    @Test
    void somethingThatIsNoEnvelopeIsAnError() {
        assertThrows(JsonProcessingException.class, () -> reader.read("not json"));
        assertThrows(JsonProcessingException.class, () -> reader.read("{\"hello\":1}"));
    }
}
