package io.chat.testkit;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service tokens as the gateway signs them for chat-service's {@code /internal} endpoints (issuer
 * {@link #ISSUER}, audience {@link #AUDIENCE}, group {@link #GROUP}), and variants chat-service must refuse.
 */
public final class ServiceTokens {

    public static final String ISSUER = "https://chat.local/gateway-service";
    public static final String AUDIENCE = "chat-service";
    public static final String GROUP = "gateway";
    public static final String SUBJECT = "gateway-service";
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final PrivateKey key;

    ServiceTokens(Path privateKeyPem) {
        this.key = TestTokens.privateKey(privateKeyPem);
    }

    /** A valid service token. */
    public String token() {
        return token(AUDIENCE, List.of(GROUP));
    }

    /** Signed with the gateway's key, but for another audience or with other groups. */
    public String token(String audience, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", audience);
        claims.put("sub", SUBJECT);
        claims.put("groups", groups);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME.toSeconds());
        return TestTokens.sign(key, claims);
    }
}
