package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.chat.testkit.RawUpgrade;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** A client that resets its connection is ordinary: no warning or error (with a stack trace) in the log. */
@QuarkusTest
class ClientResetTest {

    @Test
    void resetsOfSocketsAndStreamsAreNotLoggedAsProblems() {
        List<LogRecord> problems = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    problems.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            TestUser user = TestGateway.user();
            assertEquals(101, RawUpgrade.openAndReset(TestGateway.port(), "/ws", true, "Authorization: Bearer " + user.token()));
            assertEquals(200, RawUpgrade.openAndReset(TestGateway.port(), "/events?access_token=" + user.token(), false,
                    "Accept: text/event-stream"));
            String admin = TestGateway.admin().token();
            await().atMost(SocketClient.TIMEOUT).untilAsserted(() -> given().auth().oauth2(admin)
                    .when().get("/connections?userId=" + user.id()).then().body("size()", is(0)));
            // the server noticed both resets; nothing it logged about them is a warning or an error
            assertEquals(List.of(), problems.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        } finally {
            root.removeHandler(capture);
        }
    }
}
