package io.chat.gateway.client;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The gateway's own credential towards chat-service: a short-lived token (issuer the gateway, audience
 * chat-service, role {@code gateway}) signed with the gateway's private key, reused until shortly before
 * it expires. The key is read on first use, at run time (never into a native image).
 */
@ApplicationScoped
public class ServiceToken {

    private static final String SUBJECT = "gateway-service";
    private static final String ROLE = "gateway";

    private record Issued(String bearer, Instant renewAt) {
    }

    private final GatewayConfig.ServiceToken config;
    private PrivateKey key;
    private Issued current;

    public ServiceToken(GatewayConfig config) {
        this.config = config.serviceToken();
    }

    /** {@code Bearer <token>} for an Authorization header. */
    public synchronized String bearer() {
        Instant now = Instant.now();
        if (current == null || !now.isBefore(current.renewAt())) {
            Instant expiresAt = now.plus(config.lifetime());
            String token = Jwt.issuer(config.issuer()).audience(config.audience()).subject(SUBJECT).groups(ROLE)
                    .issuedAt(now).expiresAt(expiresAt).jws().sign(key());
            current = new Issued("Bearer " + token, expiresAt.minus(config.renewBefore()));
        }
        return current.bearer();
    }

    private PrivateKey key() {
        if (key == null) {
            try {
                // readKeyContent takes file:, classpath: and plain paths (readPrivateKey only the classpath)
                key = KeyUtils.decodePrivateKey(KeyUtils.readKeyContent(config.signingKeyLocation()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the gateway's signing key at " + config.signingKeyLocation(), e);
            }
        }
        return key;
    }
}
