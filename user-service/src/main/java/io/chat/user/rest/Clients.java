package io.chat.user.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client address that per-address limits count. Behind a proxy, set
 * {@code quarkus.http.proxy.proxy-address-forwarding} and {@code quarkus.http.proxy.trusted-proxies} so
 * that this is the client's, not the proxy's (and cannot be forged by untrusted clients).
 */
final class Clients {

    private Clients() {
    }

    static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
