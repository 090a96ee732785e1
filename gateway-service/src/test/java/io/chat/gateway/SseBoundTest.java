package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * An SSE stream whose client stops reading is bounded by bytes (%test: max-pending-bytes 256 KiB), not
 * by a number of events: a few hundred large events (far fewer than the old 1000-event buffer) end it.
 */
@QuarkusTest
class SseBoundTest {

    private static final int EVENTS = 300;
    private static final String BIG = "x".repeat(40_000);

    @Inject
    Vertx vertx;

    @Test
    void aStreamWhoseReaderFallsBehindByMaxPendingBytesIsEnded() throws Exception {
        TestUser reader = TestGateway.user();
        String room = UUID.randomUUID().toString();
        ChatServiceDouble.member(room, reader.id());
        TestEvents.awaitGatewayReady();
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        CompletableFuture<HttpClientResponse> opened = new CompletableFuture<>();
        vertx.createHttpClient().request(new RequestOptions().setMethod(HttpMethod.GET).setHost("localhost")
                .setPort(TestGateway.port()).setURI("/events?access_token=" + reader.token())
                .addHeader("Accept", "text/event-stream"))
                .compose(request -> request.send())
                .onSuccess(response -> {
                    response.handler(buffer -> received.addAndGet(buffer.length()));
                    response.endHandler(v -> ended.complete(null));
                    response.exceptionHandler(ended::completeExceptionally);
                    opened.complete(response);
                }).onFailure(opened::completeExceptionally);
        HttpClientResponse response = opened.get(20, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> received.get() > 0); // the welcome
        response.pause();
        String admin = TestGateway.admin().token();
        for (long seq = 1; seq <= EVENTS; seq++) {
            TestEvents.message(room, seq, BIG);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(admin)
                .when().get("/connections?userId=" + reader.id()).then().body("size()", is(0)));
        response.resume();
        ended.get(60, TimeUnit.SECONDS);
    }
}
