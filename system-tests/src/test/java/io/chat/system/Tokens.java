package io.chat.system;

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
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Tokens a client should never get accepted: expired ones signed with the real key, and forged ones. */
final class Tokens {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ISSUER = "https://chat.local/user-service";

    private Tokens() {
    }

    static String expired(Path privateKeyPem, String userId) {
        long now = Instant.now().getEpochSecond();
        return sign(readKey(privateKeyPem), userId, now - 7200, now - 3600);
    }

    static String forged(String userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            long now = Instant.now().getEpochSecond();
            return sign(generator.generateKeyPair().getPrivate(), userId, now, now + 3600);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(PrivateKey key, String userId, long issuedAt, long expiresAt) {
        try {
            String header = encode(Map.of("alg", "RS256", "typ", "JWT"));
            String claims = encode(Map.of("iss", ISSUER, "sub", userId, "upn", "forger", "groups", new String[] { "user", "admin" },
                    "iat", issuedAt, "exp", expiresAt));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) throws JsonProcessingException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MAPPER.writeValueAsBytes(json));
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
