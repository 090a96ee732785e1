package io.chat.chat;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ConcurrencyTest {

    private static final int USERS = 4;
    private static final int POSTS_PER_USER = 50;
    private static final int THREADS = 16;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void parallelPostsGetGaplessUniqueSeqs() throws Exception {
        TestUser owner = TestUser.create();
        String room = owner.createRoom("public");
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            TestUser user = TestUser.create();
            owner.add(room, user);
            users.add(user);
        }
        List<Callable<Integer>> posts = new ArrayList<>();
        for (TestUser user : users) {
            for (int i = 0; i < POSTS_PER_USER; i++) {
                int n = i;
                posts.add(() -> user.post(room, "post " + n).extract().statusCode());
            }
        }
        for (int status : all(posts)) {
            assertEquals(201, status);
        }
        List<Integer> seqs = owner.request().queryParam("limit", 200).when().get("/rooms/" + room + "/messages")
                .then().statusCode(200).extract().path("seq");
        assertEquals(LongStream.rangeClosed(1, USERS * POSTS_PER_USER).boxed().map(Long::intValue).toList(), seqs);
    }

    @Test
    void racingRetriesOfOneClientMsgIdMakeOneMessage() throws Exception {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        int attempts = 8;
        List<Callable<String>> sends = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            sends.add(() -> alice.request().body(Map.of("text", "only once", "clientMsgId", "retry-me"))
                    .when().post("/rooms/" + room + "/messages")
                    .then().extract().path("id"));
        }
        List<String> ids = all(sends);
        assertEquals(1, ids.stream().distinct().count(), ids.toString());
        List<Integer> seqs = alice.request().when().get("/rooms/" + room + "/messages").then().extract().path("seq");
        assertEquals(List.of(1), seqs);
    }

    /**
     * The post's insert sees what committed while its seq UPDATE waited for the room's lock: a member
     * removed meanwhile does not post, and the seq it took is given back.
     */
    @Test
    void aMemberRemovedWhilePostingDoesNotPost() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("public");
        alice.add(room, bob);
        ExecutorService poster = Executors.newSingleThreadExecutor();
        try (RoomLock lock = RoomLock.hold(room)) {
            Future<Integer> post = poster.submit(() -> bob.post(room, "after my removal").extract().statusCode());
            await().atMost(PATIENCE).until(lock::postWaiting);
            lock.commitWith("DELETE FROM members WHERE room_id = ? AND user_id = ?", UUID.fromString(room), bob.id());
            assertEquals(403, post.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        } finally {
            poster.shutdownNow();
        }
        alice.request().when().get("/rooms/" + room + "/messages").then().statusCode(200).body("$", hasSize(0));
        alice.post(room, "first").statusCode(201).body("seq", equalTo(1));
    }

    @Test
    void racingDirectMessageCallsMakeOneRoom() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        List<Callable<String>> opens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TestUser from = i % 2 == 0 ? alice : bob;
            TestUser to = i % 2 == 0 ? bob : alice;
            opens.add(() -> from.request().body(Map.of("userId", to.id().toString())).when().post("/dms")
                    .then().extract().path("id"));
        }
        List<String> rooms = all(opens);
        assertEquals(1, rooms.stream().distinct().count(), rooms.toString());
    }

    /** Runs the calls at once, on up to {@value #THREADS} threads, and returns their results in order. */
    private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls.size(), THREADS));
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
