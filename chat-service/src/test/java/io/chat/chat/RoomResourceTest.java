package io.chat.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RoomResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void createMakesTheCallerOwnerAndMember() {
        TestUser owner = TestUser.create();
        var created = owner.request().body(Map.of("name", "general", "topic", "anything"))
                .when().post("/rooms")
                .then().statusCode(201)
                .body("name", equalTo("general"))
                .body("topic", equalTo("anything"))
                .body("visibility", equalTo("public"))
                .body("ownerId", equalTo(owner.id().toString()))
                .body("lastSeq", equalTo(0))
                .body("createdAt", notNullValue())
                .extract();
        String id = created.path("id");
        org.hamcrest.MatcherAssert.assertThat(created.header("Location"), org.hamcrest.Matchers.endsWith("/rooms/" + id));
        owner.request().when().get("/rooms/" + id + "/members")
                .then().statusCode(200)
                .body("userId", contains(owner.id().toString()))
                .body("role", contains("owner"));
    }

    @Test
    void createValidates() {
        TestUser user = TestUser.create();
        user.request().body(Map.of("name", " ", "visibility", "secret", "topic", "t".repeat(501)))
                .when().post("/rooms")
                .then().statusCode(400).contentType(PROBLEM)
                .body("violations.field", containsInAnyOrder("name", "visibility", "topic"));
        user.request().body("{\"name\": ").when().post("/rooms")
                .then().statusCode(400).contentType(PROBLEM);
        user.request().body(Map.of("name", "x".repeat(101))).when().post("/rooms")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void everyEndpointNeedsAToken() {
        given().when().get("/rooms").then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).when().post("/rooms")
                .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("forged.token.value").when().get("/rooms/" + UUID.randomUUID() + "/messages")
                .then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("userId", UUID.randomUUID())).when().post("/dms")
                .then().statusCode(401).contentType(PROBLEM);
    }

    /** Verified tokens are kept (security.VerifiedTokens): only the very same text skips verification. */
    @Test
    void aTokenAcceptedOnceIsRefusedWithAnotherSignatureOrAnotherPayload() {
        TestUser user = TestUser.create();
        user.request().when().get("/rooms").then().statusCode(200);
        String[] parts = user.token().split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + flipFirstChar(parts[2]);
        String otherPayload = parts[0] + "." + flipFirstChar(parts[1]) + "." + parts[2];
        for (String token : List.of(otherSignature, otherPayload)) {
            given().auth().oauth2(token).when().get("/rooms").then().statusCode(401).contentType(PROBLEM);
        }
        user.request().when().get("/rooms").then().statusCode(200);
    }

    /** Another base64url character in the first place changes the decoded bytes (the last may only change padding bits). */
    private static String flipFirstChar(String base64url) {
        return (base64url.charAt(0) == 'A' ? "B" : "A") + base64url.substring(1);
    }

    @Test
    void listShowsOnlyMyRoomsWithLastSeqAndUnreadCount() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("public");
        String other = bob.createRoom("public");
        alice.add(room, bob);
        alice.post(room, "one").statusCode(201);
        alice.post(room, "two").statusCode(201);
        bob.post(room, "mine").statusCode(201);
        bob.request().when().get("/rooms")
                .then().statusCode(200)
                .body("id", containsInAnyOrder(room, other))
                .body("find { it.id == '" + room + "' }.lastSeq", equalTo(3))
                .body("find { it.id == '" + room + "' }.unreadCount", equalTo(2));
        alice.request().when().get("/rooms")
                .then().body("id", contains(room))
                .body("[0].unreadCount", equalTo(1));
    }

    @Test
    void privateRoomsAreInvisibleToOthers() {
        TestUser owner = TestUser.create();
        TestUser stranger = TestUser.create();
        String secret = owner.createRoom("private");
        String open = owner.createRoom("public");
        stranger.request().when().get("/rooms/" + secret).then().statusCode(404).contentType(PROBLEM);
        stranger.request().when().get("/rooms/" + open).then().statusCode(200).body("id", equalTo(open));
        stranger.request().when().get("/rooms/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        stranger.request().when().get("/rooms/not-a-uuid").then().statusCode(404).contentType(PROBLEM);
        stranger.request().when().get("/rooms/" + secret + "/members").then().statusCode(404);
        stranger.request().when().get("/rooms/" + open + "/members").then().statusCode(403).contentType(PROBLEM);
        owner.request().when().get("/rooms/" + secret).then().statusCode(200);
    }

    @Test
    void onlyTheOwnerUpdatesAndDeletes() {
        TestUser owner = TestUser.create();
        TestUser member = TestUser.create();
        String room = owner.createRoom("public");
        owner.add(room, member);
        member.request().body(Map.of("name", "mine now")).when().patch("/rooms/" + room)
                .then().statusCode(403).contentType(PROBLEM);
        member.request().when().delete("/rooms/" + room).then().statusCode(403).contentType(PROBLEM);
        owner.request().body(Map.of("topic", "new topic")).when().patch("/rooms/" + room)
                .then().statusCode(200)
                .body("topic", equalTo("new topic"))
                .body("name", notNullValue());
        owner.request().body(Map.of("name", "")).when().patch("/rooms/" + room)
                .then().statusCode(400).body("violations[0].field", equalTo("name"));
        owner.request().when().delete("/rooms/" + room).then().statusCode(204);
        owner.request().when().get("/rooms/" + room).then().statusCode(404);
        member.request().when().get("/rooms").then().body("id", not(hasItem(room)));
    }

    @Test
    void membershipRules() {
        TestUser owner = TestUser.create();
        TestUser joiner = TestUser.create();
        TestUser third = TestUser.create();
        String open = owner.createRoom("public");
        String secret = owner.createRoom("private");

        joiner.add(open, joiner);
        joiner.add(open, joiner); // idempotent
        joiner.request().body(Map.of("userId", third.id().toString())).when().post("/rooms/" + open + "/members")
                .then().statusCode(403).contentType(PROBLEM);
        joiner.request().body(Map.of("userId", joiner.id().toString())).when().post("/rooms/" + secret + "/members")
                .then().statusCode(404).contentType(PROBLEM);
        owner.add(secret, third);
        third.add(secret, third); // a member adding themself again: idempotent in a private room too
        owner.request().body(Map.of("userId", "nope")).when().post("/rooms/" + open + "/members")
                .then().statusCode(400).contentType(PROBLEM);

        owner.request().when().get("/rooms/" + open + "/members")
                .then().statusCode(200).body("$", hasSize(2))
                .body("find { it.userId == '" + joiner.id() + "' }.role", equalTo("member"))
                .body("find { it.userId == '" + joiner.id() + "' }.joinedAt", notNullValue());

        third.request().when().delete("/rooms/" + secret + "/members/" + owner.id())
                .then().statusCode(403).contentType(PROBLEM);
        owner.request().when().delete("/rooms/" + secret + "/members/" + third.id()).then().statusCode(204);
        third.request().when().get("/rooms/" + secret).then().statusCode(404);
        joiner.request().when().delete("/rooms/" + open + "/members/" + joiner.id()).then().statusCode(204);
        owner.request().when().delete("/rooms/" + open + "/members/" + joiner.id()).then().statusCode(404);
        owner.request().when().get("/rooms/" + open + "/members").then().body("$", hasSize(1));
    }

    @Test
    void ownerLeavingHandsTheRoomToTheLongestStandingMember() {
        TestUser owner = TestUser.create();
        TestUser first = TestUser.create();
        TestUser second = TestUser.create();
        String room = owner.createRoom("public");
        owner.add(room, first);
        owner.add(room, second);
        owner.request().when().delete("/rooms/" + room + "/members/" + owner.id()).then().statusCode(204);
        first.request().when().get("/rooms/" + room).then().body("ownerId", equalTo(first.id().toString()));
        first.request().when().get("/rooms/" + room + "/members")
                .then().body("find { it.userId == '" + first.id() + "' }.role", equalTo("owner"));
    }

    @Test
    void directMessageRoomIsOnePerPair() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(201).body("visibility", equalTo("private")).extract().path("id");
        alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(200).body("id", equalTo(room));
        bob.request().body(Map.of("userId", alice.id().toString())).when().post("/dms")
                .then().statusCode(200).body("id", equalTo(room));
        bob.request().when().get("/rooms/" + room + "/members")
                .then().statusCode(200)
                .body("userId", containsInAnyOrder(alice.id().toString(), bob.id().toString()));
        TestUser.create().request().when().get("/rooms/" + room).then().statusCode(404);
        alice.request().body(Map.of("userId", alice.id().toString())).when().post("/dms")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void directMessageRoomsHaveFixedMembership() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser carol = TestUser.create();
        String dm = alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(201).extract().path("id");
        String path = "/rooms/" + dm;
        for (TestUser member : new TestUser[] { alice, bob }) {
            member.request().body(Map.of("userId", carol.id().toString())).when().post(path + "/members")
                    .then().statusCode(409).contentType(PROBLEM);
            member.request().body(Map.of("name", "renamed")).when().patch(path).then().statusCode(409).contentType(PROBLEM);
            member.request().body(Map.of("topic", "a topic")).when().patch(path).then().statusCode(409).contentType(PROBLEM);
            member.request().when().delete(path).then().statusCode(409).contentType(PROBLEM);
        }
        alice.request().when().delete(path + "/members/" + bob.id()).then().statusCode(409).contentType(PROBLEM);
        bob.request().when().delete(path + "/members/" + alice.id()).then().statusCode(409).contentType(PROBLEM);
        // the creator is owner in name only: the other's messages are not theirs to delete
        String bobs = bob.post(dm, "mine").statusCode(201).extract().path("id");
        alice.request().when().delete(path + "/messages/" + bobs).then().statusCode(403).contentType(PROBLEM);
        // a stranger still sees nothing
        carol.request().body(Map.of("userId", carol.id().toString())).when().post(path + "/members")
                .then().statusCode(404).contentType(PROBLEM);
        bob.request().when().get(path + "/members").then().statusCode(200)
                .body("userId", containsInAnyOrder(alice.id().toString(), bob.id().toString()));
        bob.request().when().get(path).then().body("name", equalTo("Direct message"));
    }

    @Test
    void whoLeftADirectMessageRoomIsAMemberAgainWhenItIsOpenedAgain() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String dm = alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(201).extract().path("id");
        bob.post(dm, "before").statusCode(201);
        bob.request().when().delete("/rooms/" + dm + "/members/" + bob.id()).then().statusCode(204);
        bob.request().when().get("/rooms/" + dm).then().statusCode(404);
        alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(200).body("id", equalTo(dm));
        bob.request().when().get("/rooms/" + dm + "/messages").then().statusCode(200).body("text", contains("before"));
        alice.request().when().delete("/rooms/" + dm + "/members/" + alice.id()).then().statusCode(204);
        alice.request().body(Map.of("userId", bob.id().toString())).when().post("/dms")
                .then().statusCode(200).body("id", equalTo(dm));
        alice.request().when().get("/rooms/" + dm + "/members").then().statusCode(200)
                .body("userId", containsInAnyOrder(alice.id().toString(), bob.id().toString()));
    }

    @Test
    void onlyUsersThatExistCanBeAdded() {
        TestUser owner = TestUser.create();
        String room = owner.createRoom("private");
        String open = owner.createRoom("public");
        UUID neverRegistered = UUID.randomUUID();
        owner.request().body(Map.of("userId", neverRegistered.toString())).when().post("/rooms/" + room + "/members")
                .then().statusCode(404).contentType(PROBLEM);
        owner.request().body(Map.of("userId", neverRegistered.toString())).when().post("/dms")
                .then().statusCode(404).contentType(PROBLEM);

        TestUser gone = TestUser.create();
        UserEventsFeed.publish(UserEventsFeed.deleted(gone.id()));
        await().atMost(UserEventsFeed.TIMEOUT).until(() -> !UserEventsFeed.isKnown(gone.id()));
        owner.request().body(Map.of("userId", gone.id().toString())).when().post("/rooms/" + room + "/members")
                .then().statusCode(404).contentType(PROBLEM);
        owner.request().body(Map.of("userId", gone.id().toString())).when().post("/dms")
                .then().statusCode(404).contentType(PROBLEM);
        owner.request().when().get("/rooms/" + room + "/members").then().body("$", hasSize(1));

        // a valid token proves its user exists, before user-service's event has arrived too
        TestUser fresh = TestUser.unannounced();
        fresh.add(open, fresh);
        fresh.createRoom("public");
        owner.request().body(Map.of("userId", fresh.id().toString())).when().post("/rooms/" + room + "/members")
                .then().statusCode(404).contentType(PROBLEM);
    }
}
