package io.chat.chat.service;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chat.problem.ProblemException;
import io.quarkus.test.junit.QuarkusTest;

/** A room's posts take turns on an instance: each turn lasts until its holder closes it, and waiting for one is bounded. */
@QuarkusTest
class RoomTurnsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    RoomTurns turns;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @ParameterizedTest(name = "ends normally: {0}")
    @ValueSource(booleans = { true, false })
    void aWaitingPostGetsTheTurnWhenThePostHoldingItEnds(boolean normally) throws Exception {
        UUID room = UUID.randomUUID();
        CountDownLatch finish = new CountDownLatch(1);
        Future<?> first = holdTurn(room, finish, normally);
        Future<?> second = threads.submit(() -> turns.await(room).close());
        await().atMost(PATIENCE).until(() -> turns.posts(room) == 2);

        finish.countDown();
        if (normally) {
            first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } else {
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(Failed.class, failure.getCause());
        }
        second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS); // a turn not handed on would end in the 503
        assertEquals(0, turns.posts(room), "nothing is kept of a room once its posts are done");
    }

    @Test
    void aPostThatWaitsTooLongGets503AndOtherRoomsDoNotWait() throws Exception {
        UUID room = UUID.randomUUID();
        CountDownLatch finish = new CountDownLatch(1);
        Future<?> first = holdTurn(room, finish, true);

        ProblemException busy = assertThrows(ProblemException.class, () -> turns.await(room).close());
        assertEquals(503, busy.status());
        assertEquals(2L, busy.retryAfterSeconds());
        assertEquals(1, turns.posts(room), "the post that gave up no longer counts");
        turns.await(UUID.randomUUID()).close();

        finish.countDown();
        first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, turns.posts(room));
    }

    /**
     * Takes the room's turn on another thread and returns once that thread has it; the thread then waits
     * for {@code finish} and gives the turn back, normally or by an exception.
     */
    private Future<?> holdTurn(UUID room, CountDownLatch finish, boolean normally) {
        CountDownLatch holding = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            try (RoomTurns.Turn turn = turns.await(room)) {
                holding.countDown();
                awaitLatch(finish);
                if (!normally) {
                    throw new Failed();
                }
            }
        });
        awaitLatch(holding);
        return holder;
    }

    private static final class Failed extends RuntimeException {
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("Not released within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
