package io.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens exactly as user-service signs them (RS256, {@code iss}, {@code sub}, {@code upn},
 * {@code groups}, {@code iat}, {@code exp}), for tests that need users without registering them, and
 * tokens a server must refuse: expired ones signed with the real key, and forged ones.
 */
public final class TestTokens {

    /** user-service's default issuer; the other services verify it. */
    public static final String ISSUER = "https://chat.local/user-service";
    /** user-service's default audience; every service verifies it. */
    public static final String AUDIENCE = "chat";
    public static final Duration LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A user of a test: a fresh id and its token. */
    public record TestUser(String id, String token) {
    }

    private final PrivateKey key;

    private TestTokens(PrivateKey key) {
        this.key = key;
    }

    /** Tokens signed with the private key of this PEM file (PKCS#8), as the services' verifiers expect. */
    public static TestTokens signedWith(Path privateKeyPem) {
        return new TestTokens(privateKey(privateKeyPem));
    }

    static PrivateKey privateKey(Path privateKeyPem) {
        try {
            String base64 = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new user with a valid token (group {@code user}). */
    public TestUser user() {
        String id = UUID.randomUUID().toString();
        return new TestUser(id, token(id, List.of("user"), LIFETIME));
    }

    /** A new admin with a valid token (groups {@code user}, {@code admin}). */
    public TestUser admin() {
        String id = UUID.randomUUID().toString();
        return new TestUser(id, token(id, List.of("user", "admin"), LIFETIME));
    }

    /** A token for the user with these groups, valid for {@code lifetime} from now. */
    public String token(String userId, List<String> groups, Duration lifetime) {
        return token(userId, groups, lifetime, AUDIENCE);
    }

    /** Like {@link #token(String, List, Duration)} for another audience, which the services must refuse. */
    public String token(String userId, List<String> groups, Duration lifetime, String audience) {
        long now = Instant.now().getEpochSecond();
        return sign(key, userId, groups, audience, now, now + lifetime.toSeconds());
    }

    /** Signed with the right key, but expired an hour ago. */
    public String expired(String userId) {
        long now = Instant.now().getEpochSecond();
        return sign(key, userId, List.of("user"), AUDIENCE, now - 7200, now - 3600);
    }

    /** A well-formed token signed with a key nobody trusts, claiming admin rights. */
    public static String forged(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            long now = Instant.now().getEpochSecond();
            return sign(generator.generateKeyPair().getPrivate(), userId, List.of("user", "admin"), AUDIENCE, now, now + 3600);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(PrivateKey key, String userId, List<String> groups, String audience, long issuedAt,
            long expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", audience);
        claims.put("sub", userId);
        claims.put("upn", "u_" + userId.replace("-", "").substring(0, 12));
        claims.put("groups", groups);
        claims.put("iat", issuedAt);
        claims.put("exp", expiresAt);
        return sign(key, claims);
    }

    /** A compact RS256 JWS of these claims. */
    static String sign(PrivateKey key, Map<String, Object> claims) {
        try {
            String header = encode(Map.of("alg", "RS256", "typ", "JWT"));
            String body = encode(claims);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) throws JsonProcessingException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(json));
    }
}
