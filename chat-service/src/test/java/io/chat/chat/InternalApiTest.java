package io.chat.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.chat.testkit.ServiceTokens;
import io.chat.testkit.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The gateway's /internal reads: only its service token opens them, and it opens nothing else. */
@QuarkusTest
class InternalApiTest {

    private static final String PROBLEM = "application/problem+json";

    private static ServiceTokens serviceTokens() {
        return TestInfrastructure.get().serviceTokens();
    }

    private static RequestSpecification gateway() {
        return given().auth().oauth2(serviceTokens().token());
    }

    @Test
    void theGatewayReadsRoomsMembersAndMessagesWithItsOwnToken() {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        String room = alice.createRoom("private");
        alice.add(room, bob);
        alice.post(room, "one").statusCode(201);
        String second = alice.post(room, "two").statusCode(201).extract().path("id");
        String third = alice.post(room, "three").statusCode(201).extract().path("id");
        alice.request().body(Map.of("text", "two, edited")).when().patch("/rooms/" + room + "/messages/" + second)
                .then().statusCode(200);
        alice.request().when().delete("/rooms/" + room + "/messages/" + third).then().statusCode(204);

        gateway().when().get("/internal/users/" + bob.id() + "/rooms")
                .then().statusCode(200).body("id", contains(room));
        gateway().when().get("/internal/rooms/" + room + "/members")
                .then().statusCode(200)
                .body("userId", containsInAnyOrder(alice.id().toString(), bob.id().toString()))
                .body("find { it.userId == '" + alice.id() + "' }.role", equalTo("owner"));
        gateway().when().get("/internal/rooms/" + room + "/messages?after=1")
                .then().statusCode(200)
                .body("seq", contains(2, 3))
                .body("text[0]", equalTo("two, edited"))
                .body("deleted", contains(false, true));
        gateway().when().get("/internal/rooms/" + room + "/messages?after=0&limit=1")
                .then().statusCode(200).body("seq", contains(1));
    }

    @Test
    void userTokensAreRefusedOnInternalEndpoints() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        for (String path : List.of("/internal/users/" + alice.id() + "/rooms", "/internal/rooms/" + room + "/members",
                "/internal/rooms/" + room + "/messages?after=0")) {
            alice.request().when().get(path).then().statusCode(403).contentType(PROBLEM);
            given().when().get(path).then().statusCode(401).contentType(PROBLEM);
        }
    }

    @Test
    void theServiceTokenIsRefusedOnThePublicApi() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        gateway().when().get("/rooms").then().statusCode(403).contentType(PROBLEM);
        gateway().when().get("/rooms/" + room + "/messages").then().statusCode(403).contentType(PROBLEM);
        gateway().contentType("application/json").body(Map.of("name", "by the gateway")).when().post("/rooms")
                .then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void gatewayTokensForAnotherAudienceOrWithOtherRolesAreRefused() {
        TestUser alice = TestUser.create();
        String path = "/internal/users/" + alice.id() + "/rooms";
        given().auth().oauth2(serviceTokens().token("chat", List.of(ServiceTokens.GROUP))).when().get(path)
                .then().statusCode(401).contentType(PROBLEM);
        // the gateway's key must not mint users
        given().auth().oauth2(serviceTokens().token(ServiceTokens.AUDIENCE, List.of("user", ServiceTokens.GROUP)))
                .when().get("/rooms").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(serviceTokens().token(ServiceTokens.AUDIENCE, List.of("user")))
                .when().get("/rooms").then().statusCode(401).contentType(PROBLEM);
        // nor user-service's key the gateway
        given().auth().oauth2(TestInfrastructure.get().tokens().token(alice.id().toString(), List.of(ServiceTokens.GROUP),
                Duration.ofMinutes(5))).when().get(path).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aDeletedUsersRoomsAreGone() {
        TestUser doomed = TestUser.create();
        doomed.createRoom("public");
        UserEventsFeed.publish(UserEventsFeed.deleted(doomed.id()));
        await().atMost(UserEventsFeed.TIMEOUT).untilAsserted(() -> gateway().when()
                .get("/internal/users/" + doomed.id() + "/rooms").then().statusCode(410).contentType(PROBLEM));
    }

    @Test
    void badQueriesAndUnknownRoomsAreProblems() {
        TestUser alice = TestUser.create();
        String room = alice.createRoom("public");
        gateway().when().get("/internal/rooms/" + room + "/messages?after=-1").then().statusCode(400).contentType(PROBLEM);
        gateway().when().get("/internal/rooms/" + room + "/messages?limit=1002").then().statusCode(400).contentType(PROBLEM);
        gateway().when().get("/internal/rooms/" + room + "/messages?after=%00").then().statusCode(400).contentType(PROBLEM);
        gateway().when().get("/internal/rooms/" + UUID.randomUUID() + "/members").then().statusCode(404).contentType(PROBLEM);
        gateway().when().get("/internal/rooms/" + UUID.randomUUID() + "/messages").then().statusCode(404).contentType(PROBLEM);
        gateway().when().get("/internal/users/not-a-uuid/rooms").then().statusCode(404);
        gateway().when().get("/internal/users/" + UUID.randomUUID() + "/rooms").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.empty());
    }
}
