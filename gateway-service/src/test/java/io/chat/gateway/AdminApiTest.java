package io.chat.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The connection admin API; sends and closes travel over the commands topic like on a cluster. */
@QuarkusTest
class AdminApiTest {

    @Test
    void onlyAdminsMayUseIt() {
        given().when().get("/connections").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestGateway.user().token()).when().get("/connections")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestGateway.user().token()).when().delete("/connections/x").then().statusCode(403);
    }

    @Test
    void listShowSendAndClose() {
        String admin = TestGateway.admin().token();
        TestUser user = TestGateway.user();
        TestEvents.awaitGatewayReady();
        try (SocketClient socket = TestGateway.open(user.token())) {
            String id = socket.connectionId();
            given().auth().oauth2(admin).queryParam("userId", user.id()).when().get("/connections")
                    .then().statusCode(200).body("connectionId", hasItem(id));
            given().auth().oauth2(admin).when().get("/connections/" + id).then().statusCode(200)
                    .body("connectionId", equalTo(id)).body("userId", equalTo(user.id()))
                    .body("connectedAt", org.hamcrest.Matchers.notNullValue())
                    .body("remoteAddress", org.hamcrest.Matchers.notNullValue());

            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"notice\":\"maintenance at 5\"}")
                    .when().post("/connections/" + id).then().statusCode(202);
            assertEquals("maintenance at 5", socket.expect("admin").path("data").path("notice").asText());

            given().auth().oauth2(admin).when().delete("/connections/" + id).then().statusCode(204);
            assertEquals(1008, socket.awaitClose());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin)
                    .when().get("/connections/" + id).then().statusCode(404));
        }
    }

    @Test
    void unknownConnectionsAre404() {
        String admin = TestGateway.admin().token();
        given().auth().oauth2(admin).when().get("/connections/nope").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}").when().post("/connections/nope")
                .then().statusCode(404);
        given().auth().oauth2(admin).when().delete("/connections/nope").then().statusCode(404);
    }
}
