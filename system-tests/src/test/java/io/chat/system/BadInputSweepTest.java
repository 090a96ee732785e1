package io.chat.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.chat.testkit.ChatClient;
import io.chat.testkit.ChatClient.Answer;
import io.chat.testkit.RawUpgrade;
import io.chat.testkit.ServiceProcess;
import io.chat.testkit.SocketClient;
import io.chat.testkit.TestTokens;

/**
 * Scenario 6: malformed JSON, wrong types, huge bodies, invalid ids and missing, forged or expired
 * tokens on every endpoint. Every answer is a 4xx problem+json; no service answers 500 or falls over.
 */
class BadInputSweepTest {

    private static final String PROBLEM = "application/problem+json";
    /** The gateway's default {@code max-connections-per-user}. */
    private static final int MAX_CONNECTIONS_PER_USER = 10;
    private static final String HUGE = "{\"text\": \"" + "x".repeat(200_000) + "\"}";

    private final SystemStack system = SystemStack.get();
    private final List<String> failures = new ArrayList<>();

    private record Endpoint(ServiceProcess service, String method, String path) {
    }

    @Test
    void everyBadRequestIsAClientErrorWithProblemDetails() {
        // An earlier scenario may have restarted Kafka or chat-service: start from healthy services.
        ServiceProcess[] services = { system.users, system.chat(), system.gatewayA };
        for (ServiceProcess service : services) {
            Awaitility.await().atMost(Frames.TIMEOUT).until(() -> ready(service));
        }
        ChatClient.Account alice = system.signUp();
        ChatClient.Account bob = system.signUp();
        ChatClient chat = system.chat(alice);
        String room = chat.post("/rooms", Map.of("name", "sweep")).text("id");
        String message = chat.post("/rooms/" + room + "/messages", Map.of("text", "hello")).text("id");
        ServiceProcess users = system.users;
        ServiceProcess chatService = system.chat();
        ServiceProcess gateway = system.gatewayA;
        String unknown = UUID.randomUUID().toString();

        List<Endpoint> authenticated = List.of(
                new Endpoint(users, "GET", "/users/me"),
                new Endpoint(users, "GET", "/users/" + bob.id()),
                new Endpoint(users, "GET", "/users?username=" + bob.username()),
                new Endpoint(users, "PATCH", "/users/me"),
                new Endpoint(users, "DELETE", "/users/me"),
                new Endpoint(chatService, "POST", "/rooms"),
                new Endpoint(chatService, "GET", "/rooms"),
                new Endpoint(chatService, "GET", "/rooms/" + room),
                new Endpoint(chatService, "PATCH", "/rooms/" + room),
                new Endpoint(chatService, "DELETE", "/rooms/" + room),
                new Endpoint(chatService, "POST", "/rooms/" + room + "/members"),
                new Endpoint(chatService, "GET", "/rooms/" + room + "/members"),
                new Endpoint(chatService, "DELETE", "/rooms/" + room + "/members/" + alice.id()),
                new Endpoint(chatService, "POST", "/rooms/" + room + "/messages"),
                new Endpoint(chatService, "GET", "/rooms/" + room + "/messages"),
                new Endpoint(chatService, "PATCH", "/rooms/" + room + "/messages/" + message),
                new Endpoint(chatService, "DELETE", "/rooms/" + room + "/messages/" + message),
                new Endpoint(chatService, "PUT", "/rooms/" + room + "/read"),
                new Endpoint(chatService, "POST", "/dms"),
                new Endpoint(gateway, "GET", "/connections?userId=" + alice.id()),
                new Endpoint(gateway, "GET", "/connections/" + unknown),
                new Endpoint(gateway, "POST", "/connections/" + unknown),
                new Endpoint(gateway, "DELETE", "/connections/" + unknown),
                new Endpoint(gateway, "GET", "/presence?userId=" + alice.id()));
        String[] badTokens = { null, "garbage", TestTokens.forged(alice.id()),
                TestTokens.signedWith(system.stack.keys().privateKey()).expired(alice.id()) };
        for (Endpoint endpoint : authenticated) {
            for (String token : badTokens) {
                ChatClient client = new ChatClient(system.http, endpoint.service().url(), token);
                expectProblem(endpoint + " token=" + label(token), 401,
                        client.sendRaw(endpoint.method(), endpoint.path(), "application/json", "{}"));
            }
        }

        List<Endpoint> withBodies = List.of(
                new Endpoint(users, "POST", "/users"),
                new Endpoint(users, "POST", "/auth/token"),
                new Endpoint(users, "PATCH", "/users/me"),
                new Endpoint(chatService, "POST", "/rooms"),
                new Endpoint(chatService, "PATCH", "/rooms/" + room),
                new Endpoint(chatService, "POST", "/rooms/" + room + "/members"),
                new Endpoint(chatService, "POST", "/rooms/" + room + "/messages"),
                new Endpoint(chatService, "PATCH", "/rooms/" + room + "/messages/" + message),
                new Endpoint(chatService, "PUT", "/rooms/" + room + "/read"),
                new Endpoint(chatService, "POST", "/dms"));
        String[] badBodies = { "{\"name\": ", "not json at all", "[1, 2, 3]", "{\"text\": [1], \"name\": {}, \"userId\": 7, "
                + "\"seq\": \"soon\", \"displayName\": [], \"username\": {}, \"password\": []}", "",
                // JSON followed by more, and scalars of the wrong type (not converted: refused)
                "{\"text\": \"hi\", \"name\": \"n\"} trailing", "{\"text\": \"a\"}{\"text\": \"b\"}",
                "{\"text\": 5, \"name\": 5, \"topic\": true, \"seq\": \"3\", \"displayName\": 5, \"username\": 5, "
                        + "\"password\": 12345678, \"clientMsgId\": 7, \"refreshToken\": 5, \"userId\": \"x\"}",
                "{\"seq\": 1.5, \"text\": false, \"name\": false, \"topic\": 1.5, \"displayName\": false}" };
        for (Endpoint endpoint : withBodies) {
            ChatClient client = new ChatClient(system.http, endpoint.service().url(), alice.token());
            for (String body : badBodies) {
                expectClientError(endpoint + " body=" + abbreviate(body),
                        client.sendRaw(endpoint.method(), endpoint.path(), "application/json", body));
            }
            expectProblem(endpoint + " huge body", 413, client.sendRaw(endpoint.method(), endpoint.path(), "application/json", HUGE));
            expectProblem(endpoint + " huge chunked body", 413,
                    client.sendChunked(endpoint.method(), endpoint.path(), "application/json", HUGE));
            expectClientError(endpoint + " text/plain", client.sendRaw(endpoint.method(), endpoint.path(), "text/plain", "hi"));
        }

        ChatClient aliceChat = system.chat(alice);
        for (String path : List.of("/rooms/not-a-uuid", "/rooms/not-a-uuid/messages", "/rooms/" + room + "/messages/x",
                "/rooms/" + room + "/members/123", "/no/such/endpoint")) {
            expectClientError("GET " + path, aliceChat.get(path));
            expectClientError("DELETE " + path, aliceChat.delete(path));
        }
        expectClientError("GET /users/not-a-uuid", system.users(alice).get("/users/not-a-uuid"));
        for (String query : List.of("limit=0", "limit=100000", "limit=x", "after=-1", "before=abc")) {
            expectClientError("history " + query, aliceChat.get("/rooms/" + room + "/messages?" + query));
        }

        for (ServiceProcess service : services) {
            expectProblem(service.name() + " long request target", 414,
                    new ChatClient(system.http, service.url(), null).get("/q/health/ready?x=" + "a".repeat(5000)));
        }

        controlCharacters(alice, room, message);
        refusedUpgrades(alice, bob, badTokens);

        // Unknown fields are ignored: the valid part of the request still works.
        assertEquals(201, aliceChat.post("/rooms/" + room + "/messages", Map.of("text", "ok", "colour", "red")).status());

        assertTrue(failures.isEmpty(), String.join("\n", failures));
        for (ServiceProcess service : services) {
            assertTrue(ready(service), service.name() + " is not healthy after the sweep");
        }
    }

    /**
     * U+0000 and the other C0 controls but TAB, LF, CR, and lone surrogates: 400 with violations, in every text
     * field and query.
     */
    private void controlCharacters(ChatClient.Account alice, String room, String message) {
        ServiceProcess users = system.users;
        ServiceProcess chatService = system.chat();
        record Case(ServiceProcess service, String method, String path, String body) {
        }
        String nul = "\\u0000";
        List<Case> cases = List.of(
                new Case(users, "POST", "/users", "{\"username\":\"ab" + nul + "c\",\"password\":\"password1\",\"displayName\":\"x\"}"),
                new Case(users, "POST", "/users", "{\"username\":\"abc_" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"password\":\"pass" + nul + "word1\",\"displayName\":\"x\\u001b\"}"),
                new Case(users, "POST", "/auth/token", "{\"username\":\"a" + nul + "\",\"password\":\"whatever1\"}"),
                new Case(users, "GET", "/users?username=ab%00c", null),
                new Case(users, "PATCH", "/users/me", "{\"displayName\":\"bell\\u0007\"}"),
                new Case(chatService, "POST", "/rooms", "{\"name\":\"a" + nul + "b\"}"),
                new Case(chatService, "PATCH", "/rooms/" + room, "{\"topic\":\"\\u0001\"}"),
                new Case(chatService, "POST", "/rooms/" + room + "/messages", "{\"text\":\"hi" + nul + "\"}"),
                new Case(chatService, "POST", "/rooms/" + room + "/messages", "{\"text\":\"ok\",\"clientMsgId\":\"\\u0002\"}"),
                new Case(chatService, "PATCH", "/rooms/" + room + "/messages/" + message, "{\"text\":\"\\u001f\"}"),
                new Case(chatService, "GET", "/rooms/" + room + "/messages?after=%00", null),
                // a lone surrogate has no UTF-8 form: the database would store "?" instead
                new Case(users, "PATCH", "/users/me", "{\"displayName\":\"half \\ud83d\"}"),
                new Case(chatService, "POST", "/rooms", "{\"name\":\"\\udfff\"}"),
                new Case(chatService, "POST", "/rooms/" + room + "/messages", "{\"text\":\"lone \\ud800 x\"}"),
                new Case(chatService, "POST", "/rooms/" + room + "/messages", "{\"text\":\"ok\",\"clientMsgId\":\"k\\ud800\"}"));
        for (Case c : cases) {
            ChatClient client = new ChatClient(system.http, c.service().url(), alice.token());
            Answer answer = c.body() == null ? client.get(c.path())
                    : client.sendRaw(c.method(), c.path(), "application/json", c.body());
            expectProblem(c.method() + " " + c.path() + " " + abbreviate(String.valueOf(c.body())), 400, answer);
            if (!answer.body().path("violations").isArray()) {
                failures.add(c.method() + " " + c.path() + " without violations: " + answer.body());
            }
        }
    }

    /** Every refused /ws upgrade answers a problem: 401 for each bad token, 403 for an origin, 429 past the cap. */
    private void refusedUpgrades(ChatClient.Account alice, ChatClient.Account bob, String[] badTokens) {
        int port = system.gatewayA.port();
        for (String token : badTokens) {
            upgradeProblem("upgrade token=" + label(token), 401,
                    token == null ? RawUpgrade.of(port) : RawUpgrade.of(port, "Authorization: Bearer " + token));
        }
        upgradeProblem("upgrade from another origin", 403,
                RawUpgrade.of(port, "Authorization: Bearer " + alice.token(), "Origin: https://evil.example"));
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS_PER_USER; i++) {
                sockets.add(SocketClient.open(SocketClient.wsUri(system.gatewayA.url()), bob.token()));
            }
            upgradeProblem("upgrade past the per-user cap", 429, RawUpgrade.of(port, "Authorization: Bearer " + bob.token()));
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    private void upgradeProblem(String what, int status, RawUpgrade answer) {
        if (answer.status() != status || !answer.contentType().startsWith(PROBLEM) || !answer.body().contains("\"status\":" + status)) {
            failures.add(what + " -> " + answer);
        }
    }

    private boolean ready(ServiceProcess service) {
        return new ChatClient(system.http, service.url(), null).get("/q/health/ready").status() == 200;
    }

    private void expectProblem(String what, int status, Answer answer) {
        if (answer.status() != status || !answer.contentType().startsWith(PROBLEM) || answer.body().path("status").asInt() != status) {
            failures.add(what + " -> " + answer.status() + " " + answer.contentType() + " " + answer.body());
        }
    }

    private void expectClientError(String what, Answer answer) {
        if (answer.status() < 400 || answer.status() > 499 || !answer.contentType().startsWith(PROBLEM)
                || !answer.body().has("title")) {
            failures.add(what + " -> " + answer.status() + " " + answer.contentType() + " " + answer.body());
        }
    }

    private static String label(String token) {
        return token == null ? "none" : token.length() > 12 ? token.substring(0, 12) + "…" : token;
    }

    private static String abbreviate(String body) {
        return body.length() > 30 ? body.substring(0, 30) + "…" : body;
    }
}
