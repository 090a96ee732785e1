package io.chat.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * STOMP heart-beats keep an idle session open past the idle timeout; a session without them (and without
 * server pings, which this profile leaves out) is closed.
 */
@QuarkusTest
@TestProfile(StompHeartBeatTest.NoPingsShortIdleTimeout.class)
class StompHeartBeatTest {

    public static class NoPingsShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // 20 beats per idle timeout: a busy machine that delays a few beats does not close the session
            return Map.of("quarkus.websockets-next.server.auto-ping-interval", "1h",
                    "chat.gateway.limits.idle-timeout", "6s", "chat.gateway.stomp.heart-beat", "300ms");
        }
    }

    @Test
    void heartBeatsKeepAnIdleSessionOpen() throws Exception {
        TestEvents.awaitGatewayReady();
        StompClients.Client beating = StompClients.connect(TestGateway.user().token(), new long[] { 300, 300 });
        StompClients.Client silent = StompClients.connect(TestGateway.user().token(), new long[] { 0, 0 });
        try {
            // the silent one is closed after the 6 s idle timeout; so is one opened after that, and by then
            // the beating one has idled for more than two idle timeouts
            silent.lost.get(30, TimeUnit.SECONDS);
            StompClients.Client later = StompClients.connect(TestGateway.user().token(), new long[] { 0, 0 });
            try {
                later.lost.get(30, TimeUnit.SECONDS);
            } finally {
                later.close();
            }
            assertTrue(beating.session.isConnected(), "heart-beats did not keep the session open");
            assertFalse(beating.lost.isDone());
        } finally {
            beating.close();
            silent.close();
        }
    }
}
