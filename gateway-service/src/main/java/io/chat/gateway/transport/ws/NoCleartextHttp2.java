package io.chat.gateway.transport.ws;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * No HTTP/2 over cleartext (h2c) on the plain HTTP port: Vert.x answers a request with {@code Upgrade: h2c}
 * that is no complete h2c upgrade (an upgrade to /ws sent with the wrong protocol) with a bare 400 before
 * any route, so {@link UpgradeGuard} could not give it a problem body. Without h2c such a request is
 * served as HTTP/1.1, as RFC 9110 lets a server ignore Upgrade. No client of the gateway speaks h2c:
 * browsers use HTTP/2 over TLS only, and the Ingress talks HTTP/1.1 to the gateway.
 */
@ApplicationScoped
public class NoCleartextHttp2 implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
