package io.chat.gateway;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * Frames no STOMP 1.2 parser may read, once connected (in the test's text {@code ^@} is the NUL): an
     * {@code ERROR invalid_frame}, then 1008, as for any bad frame; the parser's exceptions closed the socket
     * with 1011, and the unknown commands were {@code unsupported}.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "SUBSCRIBE\nid:1\\q\ndestination:/user/queue/events\n\n^@", // an undefined escape in a value
            "SUBSCRIBE\ni\\qd:1\ndestination:/user/queue/events\n\n^@", // and in a name
            "SUBSCRIBE\nid:1\ndestination:/user/queue/events\\\\\\t\n\n^@", // \\ escaped, then \t
            "SEND\ndestination:/app/rooms.r.typing\ncontent-length:abc\n\n^@",
            "SEND\ndestination:/app/rooms.r.typing\ncontent-length:-1\n\n^@",
            "SEND\ndestination:/app/rooms.r.typing\ncontent-length:99999999999\n\n^@",
            "subscribe\nid:1\ndestination:/user/queue/events\n\n^@", // commands are case-sensitive
            "FOO\n\n^@",
            "PING\n\n^@", // vertx-stomp's name for a heart-beat, no STOMP command
            "UNSUBSCRIBE\nid:1\n\nno body allowed^@",
            "SUBSCRIBE\nid:1\ndestination:/user/queue/events\n\n", // no NUL: the next frame becomes its body
    })
    void aFrameThatIsNoStompFrameIsAnInvalidFrameError(String frame) {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.sendText(frame.replace("^@", "\0"));
            if (!frame.endsWith("^@")) {
                client.send("SUBSCRIBE", "id:2", "destination:/user/queue/events");
            }
            assertInvalidFrame(client, List.of("CONNECTED", "ERROR"));
        } finally {
            client.close();
        }
    }

    /** A line without its end, sent on across messages, is not held without bound: past twice max-frame-bytes, 1008. */
    @Test
    void aFrameThatNeverEndsIsRefusedOnceItOutgrowsTheLimit() {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.sendText("SUBSCRIBE\nid:");
            for (int i = 0; i < 3; i++) { // 180,000 bytes of one header line, against 131,072 (max-frame-bytes 64 KiB)
                client.sendText("x".repeat(60_000));
            }
            assertInvalidFrame(client, List.of("CONNECTED", "ERROR"));
        } finally {
            client.close();
        }
    }

    /** {@code CONNECT} headers no STOMP parser may read: {@code ERROR invalid_frame}, no {@code CONNECTED}, 1008. */
    @ParameterizedTest
    @ValueSource(strings = { "heart-beat:abc", "heart-beat:1", "heart-beat:", "heart-beat:1,99999999999",
            "heart-beat:-1,0", "heart-beat:1,2,3", "heart-beat: 1,2", "x-custom:a\\qb" })
    void aConnectWithAHeaderThatIsNoStompHeaderIsAnInvalidFrameError(String header) {
        TestUser alice = TestGateway.user();
        TestEvents.awaitGatewayReady();
        StompClients.Raw client = StompClients.Raw.open();
        try {
            client.send("CONNECT", "accept-version:1.2", "Authorization:Bearer " + alice.token(), header);
            assertInvalidFrame(client, List.of("ERROR"));
        } finally {
            client.close();
        }
    }

    /** A content-length past the body reads on into the next frame: what is left is no frame. */
    @Test
    void aContentLengthPastTheBodyIsAnInvalidFrameError() {
        TestUser alice = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, alice.id());
        StompClients.Raw client = connected(alice);
        try {
            client.sendText("SEND\ndestination:/app/rooms." + room + ".typing\ncontent-length:10\n\nabc\0"
                    + "SUBSCRIBE\nid:0\ndestination:/user/queue/events\n\n\0");
            assertInvalidFrame(client, List.of("CONNECTED", "ERROR"));
        } finally {
            client.close();
        }
    }

    /** {@code content-length:0} is an empty body however it is written (vertx-stomp's parser cannot take it). */
    @Test
    void aZeroContentLengthIsAnEmptyBody() {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.sendText("SUBSCRIBE\r\nid:0\r\ndestination:/user/queue/events\r\nreceipt:crlf\r\n"
                    + "content-length:0\r\n\r\n\0");
            client.send("UNSUBSCRIBE", "id:0", "content-length:00", "receipt:zeros");
            assertReceipts(client, "crlf", "zeros");
        } finally {
            client.close();
        }
    }

    /** Unsubscribing what is not subscribed changes nothing: it succeeds, and the session goes on. */
    @Test
    void anUnsubscribeOfAnUnknownIdIsAnsweredWithItsReceipt() {
        StompClients.Raw client = connected(TestGateway.user());
        try {
            client.send("UNSUBSCRIBE", "id:never-subscribed", "receipt:unsubscribed");
            client.send("SUBSCRIBE", "id:0", "destination:/user/queue/events", "receipt:subscribed");
            assertReceipts(client, "unsubscribed", "subscribed");
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

    /** After {@code CONNECTED} the session answered with a {@code RECEIPT} for each of these, in order, and nothing else. */
    private static void assertReceipts(StompClients.Raw client, String... receiptIds) {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.commands().size() >= 1 + receiptIds.length);
        List<String> expected = new ArrayList<>(List.of("CONNECTED"));
        for (String ignored : receiptIds) {
            expected.add("RECEIPT");
        }
        assertEquals(expected, client.commands());
        for (int i = 0; i < receiptIds.length; i++) {
            assertThat(client.frames.get(i + 1), containsString("\nreceipt-id:" + receiptIds[i] + "\n"));
        }
    }

    /** The session ended with these frames, the last an {@code ERROR invalid_frame}, and a close with 1008. */
    private static void assertInvalidFrame(StompClients.Raw client, List<String> commands) {
        assertEquals(1008, client.closeCode.orTimeout(20, TimeUnit.SECONDS).join());
        assertEquals(commands, client.commands());
        String error = client.frames.get(commands.size() - 1);
        assertThat(error, startsWith("ERROR\n"));
        assertThat(error, containsString("\nmessage:invalid_frame\n"));
    }

    @Test
    void aBadTokenInConnectIsRefused() throws Exception {
        StompClients.Received error = StompClients.refusal("not-a-token");
        assertEquals("unauthorized", error.headers().getFirst("message"));
    }
}
