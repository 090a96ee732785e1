package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.testkit.ChatClient;
import io.chat.testkit.SocketClient;

/** Scenario 1: three users on two gateway instances use every part of the product once. */
class FullFlowTest {

    private final SystemStack system = SystemStack.get();

    @Test
    void threeUsersChatAcrossTwoGatewayInstances() throws Exception {
        ChatClient.Account alice = system.signUp();
        ChatClient.Account bob = system.signUp();
        ChatClient.Account carol = system.signUp();
        ChatClient aliceChat = system.chat(alice);
        ChatClient bobChat = system.chat(bob);
        String room = aliceChat.post("/rooms", Map.of("name", "team", "visibility", "private")).text("id");
        assertEquals(201, aliceChat.post("/rooms/" + room + "/members", Map.of("userId", bob.id())).status());
        assertEquals(201, aliceChat.post("/rooms/" + room + "/members", Map.of("userId", carol.id())).status());

        try (SocketClient aliceSocket = system.connect(system.gatewayA, alice);
                SocketClient bobSocket = system.connect(system.gatewayB, bob);
                SocketClient carolSocket = system.connect(system.gatewayA, carol)) {
            // a message reaches everyone, the sender included, whichever instance holds them
            assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "hello")).status());
            for (SocketClient socket : List.of(aliceSocket, bobSocket, carolSocket)) {
                JsonNode frame = Frames.next(socket, "message.created", room);
                assertNotNull(frame);
                assertEquals("hello", frame.path("data").path("text").asText());
                assertEquals(1, frame.path("data").path("seq").asInt());
            }

            // edits and deletes
            String bobsMessage = bobChat.post("/rooms/" + room + "/messages", Map.of("text", "hi al")).text("id");
            assertEquals(200, bobChat.patch("/rooms/" + room + "/messages/" + bobsMessage, Map.of("text", "hi alice")).status());
            assertEquals(204, aliceChat.delete("/rooms/" + room + "/messages/" + bobsMessage).status());
            for (SocketClient socket : List.of(aliceSocket, bobSocket, carolSocket)) {
                assertEquals("hi alice", Frames.next(socket, "message.edited", room).path("data").path("text").asText());
                assertTrue(Frames.next(socket, "message.deleted", room).path("data").path("deleted").asBoolean());
            }

            // typing reaches the others, not the typist
            carolSocket.send(Map.of("type", "typing", "roomId", room));
            for (SocketClient socket : List.of(aliceSocket, bobSocket)) {
                assertEquals(carol.id(), Frames.next(socket, "typing", room).path("data").path("userId").asText());
            }

            // presence, the same from both instances once their snapshots have crossed
            for (var gateway : List.of(system.gatewayA, system.gatewayB)) {
                ChatClient client = system.gateway(gateway, alice);
                Awaitility.await().atMost(Frames.TIMEOUT).untilAsserted(() -> {
                    JsonNode presence = client.get("/presence?userId=" + alice.id() + "&userId=" + bob.id()).body();
                    assertEquals(2, presence.size());
                    presence.forEach(p -> assertEquals("online", p.path("status").asText(), presence.toString()));
                });
            }

            // a nickname change reaches co-members
            assertEquals(200, system.users(bob).patch("/users/me", Map.of("displayName", "Bobby")).status());
            for (SocketClient socket : List.of(aliceSocket, carolSocket)) {
                JsonNode updated = socket.next("user.updated", Frames.TIMEOUT);
                assertNotNull(updated);
                assertEquals("Bobby", updated.path("data").path("displayName").asText());
            }
            Awaitility.await().atMost(Frames.TIMEOUT).until(() -> aliceChat.get("/rooms/" + room + "/members")
                    .body().findValuesAsText("displayName").contains("Bobby"));

            // a direct message reaches its two users only
            ChatClient.Answer dm = aliceChat.post("/dms", Map.of("userId", bob.id()));
            assertEquals(201, dm.status());
            String dmRoom = dm.text("id");
            assertEquals(200, bobChat.post("/dms", Map.of("userId", alice.id())).status());
            assertEquals(201, aliceChat.post("/rooms/" + dmRoom + "/messages", Map.of("text", "psst")).status());
            assertEquals("psst", Frames.next(bobSocket, "message.created", dmRoom).path("data").path("text").asText());
            assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "marker")).status());
            JsonNode carolsNext = carolSocket.next("message.created", Frames.TIMEOUT);
            assertEquals(room, carolsNext.path("roomId").asText(), "carol must not see the direct message");
            assertEquals("marker", carolsNext.path("data").path("text").asText());

            // read markers
            int lastSeq = aliceChat.get("/rooms/" + room).body().path("lastSeq").asInt();
            assertEquals(2, unread(system.chat(carol), room), "hello and marker are unread (the deleted one is not counted)");
            assertEquals(204, system.chat(carol).put("/rooms/" + room + "/read", Map.of("seq", lastSeq)).status());
            assertEquals(0, unread(system.chat(carol), room));
        }
    }

    private static int unread(ChatClient chat, String room) {
        for (JsonNode entry : chat.get("/rooms").body()) {
            if (room.equals(entry.path("id").asText())) {
                return entry.path("unreadCount").asInt();
            }
        }
        throw new AssertionError("room " + room + " not listed");
    }
}
