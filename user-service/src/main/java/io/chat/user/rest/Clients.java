package io.chat.user.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client address that per-address limits count: Quarkus puts X-Forwarded-For's first entry here when
 * the peer is one of {@code quarkus.http.proxy.trusted-proxies} (application.properties), so behind the
 * gateway's proxy it is the browser's, and untrusted peers cannot forge it.
 */
final class Clients {

    private Clients() {
    }

    static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
