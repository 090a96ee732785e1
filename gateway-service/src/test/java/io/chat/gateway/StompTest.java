package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /stomp} with a real STOMP client: Spring's {@code WebSocketStompClient}. */
@QuarkusTest
class StompTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long[] NO_HEART_BEAT = { 0, 0 };

    @Test
    void aMemberReceivesTheRoomsEventsAsMessageFrames() throws Exception {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        StompClients.Client client = StompClients.connect(alice.token(), NO_HEART_BEAT);
        try {
            client.session.setAutoReceipt(true);
            CountDownLatch subscribed = new CountDownLatch(2);
            client.subscribe("/topic/rooms." + room).addReceiptTask(subscribed::countDown);
            client.subscribe("/user/queue/events").addReceiptTask(subscribed::countDown);
            assertTrue(subscribed.await(20, TimeUnit.SECONDS), "RECEIPT for both SUBSCRIBEs");

            UUID eventId = TestEvents.message(room, 1, "over stomp");
            StompClients.Received message = await().atMost(Duration.ofSeconds(20)).until(
                    () -> client.messages.stream().filter(m -> "message.created".equals(m.headers().getFirst("event-type")))
                            .findFirst().orElse(null), m -> m != null);
            StompHeaders headers = message.headers();
            assertEquals("/topic/rooms." + room, headers.getDestination());
            assertEquals(eventId.toString(), headers.getMessageId());
            assertEquals("application/json", String.valueOf(headers.getContentType()));
            assertEquals("1", headers.getFirst("seq"));
            JsonNode envelope = MAPPER.readTree(message.body());
            assertEquals("message.created", envelope.path("type").asText());
            assertEquals(room, envelope.path("roomId").asText());
            assertEquals("over stomp", envelope.path("data").path("text").asText());

            // a member change goes to the room's topic and the user's queue
            TestUser bob = TestGateway.user();
            TestEvents.joined(room, bob.id());
            await().atMost(Duration.ofSeconds(20)).until(() -> client.messages.stream()
                    .filter(m -> "member.joined".equals(m.headers().getFirst("event-type")))
                    .map(m -> m.headers().getDestination()).toList().containsAll(
                            List.of("/topic/rooms." + room, "/user/queue/events")));
        } finally {
            client.close();
        }
    }

    @Test
    void typingIsSentToTheOtherMembersWithReceipts() throws Exception {
        TestUser alice = TestGateway.user();
        TestUser bob = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        ChatServiceDouble.member(room, bob.id());
        TestEvents.awaitGatewayReady();
        StompClients.Client a = StompClients.connect(alice.token(), NO_HEART_BEAT);
        StompClients.Client b = StompClients.connect(bob.token(), NO_HEART_BEAT);
        try {
            b.session.setAutoReceipt(true);
            CountDownLatch subscribed = new CountDownLatch(1);
            b.subscribe("/topic/rooms." + room).addReceiptTask(subscribed::countDown);
            assertTrue(subscribed.await(20, TimeUnit.SECONDS));
            a.session.setAutoReceipt(true);
            CountDownLatch sent = new CountDownLatch(1);
            a.session.send("/app/rooms." + room + ".typing", "").addReceiptTask(sent::countDown);
            assertTrue(sent.await(20, TimeUnit.SECONDS), "RECEIPT for SEND");
            StompClients.Received typing = await().atMost(Duration.ofSeconds(20)).until(
                    () -> b.messages.stream().filter(m -> "typing".equals(m.headers().getFirst("event-type")))
                            .findFirst().orElse(null), m -> m != null);
            assertEquals(alice.id(), MAPPER.readTree(typing.body()).path("data").path("userId").asText());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aNonMemberSubscriptionGetsAnErrorAndTheSessionCloses() throws Exception {
        TestUser alice = TestGateway.user();
        TestEvents.awaitGatewayReady();
        StompClients.Client client = StompClients.connect(alice.token(), NO_HEART_BEAT);
        try {
            client.subscribe("/topic/rooms." + UUID.randomUUID());
            StompClients.Received error = await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.errors.stream().findFirst().orElse(null), e -> e != null);
            assertEquals("not_member", error.headers().getFirst("message"));
            client.lost.get(20, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    @Test
    void theTokenMayComeWithTheUpgradeInstead() throws Exception {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        TestEvents.awaitGatewayReady();
        StompClients.Client client = StompClients.connect(alice.token(), NO_HEART_BEAT, StompClients.TokenIn.UPGRADE);
        try {
            client.session.setAutoReceipt(true);
            CountDownLatch subscribed = new CountDownLatch(1);
            client.subscribe("/topic/rooms." + room).addReceiptTask(subscribed::countDown); // a member's subscription
            assertTrue(subscribed.await(20, TimeUnit.SECONDS), "RECEIPT for alice's room");
            TestEvents.message(room, 1, "token from the upgrade");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.messages.stream()
                    .anyMatch(m -> m.body().contains("token from the upgrade")));
        } finally {
            client.close();
        }
    }

    @Test
    void framesSentBeforeConnectedAreHandledAfterItInOrder() throws Exception {
        TestUser alice = TestGateway.user();
        CountDownLatch roomsAnswer = ChatServiceDouble.hold(alice.id());
        StompClients.Raw client = connectWhileTheRoomsLoad(alice);
        try {
            client.send("SUBSCRIBE", "id:0", "destination:/user/queue/events", "receipt:subscribed");
            client.send("UNSUBSCRIBE", "id:0", "receipt:unsubscribed");
            roomsAnswer.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.commands().size() >= 3);
            assertEquals(List.of("CONNECTED", "RECEIPT", "RECEIPT"), client.commands());
            assertTrue(client.frames.get(1).contains("receipt-id:subscribed"), client.frames.get(1));
            assertTrue(client.frames.get(2).contains("receipt-id:unsubscribed"), client.frames.get(2));
        } finally {
            roomsAnswer.countDown();
            client.close();
        }
    }

    @Test
    void aFlooderIsClosedWith1008WhileItsConnectIsInProgress() throws Exception {
        TestUser alice = TestGateway.user();
        CountDownLatch roomsAnswer = ChatServiceDouble.hold(alice.id());
        StompClients.Raw client = connectWhileTheRoomsLoad(alice);
        try {
            try {
                for (int i = 0; i < 100 && !client.closeCode.isDone(); i++) {
                    client.send("SEND", "destination:/app/rooms.r.typing");
                }
            } catch (CompletionException closedMeanwhile) {
                // the server closed the socket while we were still sending
            }
            // closed now, not once chat-service answers: what waits for CONNECT is bounded
            assertEquals(1008, client.closeCode.get(20, TimeUnit.SECONDS));
            assertEquals(List.of(), client.commands());
        } finally {
            roomsAnswer.countDown();
            client.close();
        }
    }

    /** A raw session that sent CONNECT, once chat-service holds the user's rooms request (CONNECT is in progress). */
    private static StompClients.Raw connectWhileTheRoomsLoad(TestUser user) {
        TestEvents.awaitGatewayReady();
        StompClients.Raw client = StompClients.Raw.open();
        client.send("CONNECT", "accept-version:1.2", "Authorization:Bearer " + user.token());
        await().atMost(Duration.ofSeconds(20)).until(() -> ChatServiceDouble.waiting(user.id()));
        return client;
    }

    /** Unsubscribing what is not subscribed changes nothing: it succeeds, and the session goes on. */
    @Test
    void anUnsubscribeOfAnUnknownIdIsAnsweredWithItsReceipt() {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.send("UNSUBSCRIBE", "id:never-subscribed", "receipt:unsubscribed");
            client.send("SUBSCRIBE", "id:0", "destination:/user/queue/events", "receipt:subscribed");
            await().atMost(Duration.ofSeconds(20)).until(() -> client.commands().size() >= 3);
            assertEquals(List.of("CONNECTED", "RECEIPT", "RECEIPT"), client.commands());
            assertThat(client.frames.get(1), containsString("\nreceipt-id:unsubscribed\n"));
            assertThat(client.frames.get(2), containsString("\nreceipt-id:subscribed\n"));
        } finally {
            client.close();
        }
    }

    @Test
    void anUnsubscribeWithoutIdIsAnInvalidError() throws Exception {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.send("UNSUBSCRIBE", "receipt:unsubscribed");
            assertEquals(1008, client.closeCode.get(20, TimeUnit.SECONDS));
            assertEquals(List.of("CONNECTED", "ERROR"), client.commands());
            assertThat(client.frames.get(1), containsString("\nmessage:invalid\n"));
            assertThat(client.frames.get(1), containsString("\nreceipt-id:unsubscribed\n"));
        } finally {
            client.close();
        }
    }

    /** A raw session, once {@code CONNECTED}. */
    private static StompClients.Raw connected(TestUser user) {
        TestEvents.awaitGatewayReady();
        StompClients.Raw client = StompClients.Raw.open();
        client.send("CONNECT", "accept-version:1.2", "Authorization:Bearer " + user.token());
        await().atMost(Duration.ofSeconds(20)).until(() -> client.commands().contains("CONNECTED"));
        return client;
    }

    @Test
    void aBadTokenInConnectIsRefused() throws Exception {
        StompClients.Received error = StompClients.refusal("not-a-token");
        assertEquals("unauthorized", error.headers().getFirst("message"));
    }
}
