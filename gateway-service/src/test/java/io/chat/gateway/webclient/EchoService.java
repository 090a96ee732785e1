package io.chat.gateway.webclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.chat.testkit.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for user-service behind the web client's routes: answers every request with what it received
 * (method, URI, the headers the proxy is about, body), as 201 with a Location header; {@code /users/slow}
 * answers later than the proxy waits. chat-service's route points at a port where nothing listens.
 */
public class EchoService implements QuarkusTestResourceLifecycleManager {

    static final long SLOW_MILLIS = 3000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpServer server;
    private ExecutorService executor;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", EchoService::echo);
        server.start();
        return Map.of("chat.gateway.web-client.users-url", "http://localhost:" + server.getAddress().getPort(),
                "chat.gateway.web-client.chat-url", "http://localhost:" + Ports.free(),
                "chat.gateway.web-client.timeout", "1s");
    }

    @Override
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void echo(HttpExchange exchange) throws IOException {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("method", exchange.getRequestMethod());
        seen.put("uri", exchange.getRequestURI().toString());
        for (String header : new String[] { "Authorization", "Origin", "X-Forwarded-For", "X-Forwarded-Proto" }) {
            seen.put(header, exchange.getRequestHeaders().getFirst(header));
        }
        seen.put("body", new String(exchange.getRequestBody().readAllBytes()));
        if (exchange.getRequestURI().getPath().equals("/users/slow")) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = MAPPER.writeValueAsBytes(seen);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Location", "/users/echo");
        exchange.sendResponseHeaders(201, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
