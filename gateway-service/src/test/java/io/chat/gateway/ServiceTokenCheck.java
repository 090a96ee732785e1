package io.chat.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.testkit.ServiceTokens;
import io.chat.testkit.TestInfrastructure;

/** What chat-service checks of a bearer token on {@code /internal}, for {@link ChatServiceDouble}. */
final class ServiceTokenCheck {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ServiceTokenCheck() {
    }

    /** 200 for a valid gateway service token, 401 for a token not signed by the gateway, 403 for the wrong role. */
    static int status(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !signedByTheGateway(parts)) {
            return 401;
        }
        JsonNode claims = claims(token);
        if (!ServiceTokens.ISSUER.equals(claims.path("iss").asText())
                || !(claims.path("aud").isArray() ? claims.path("aud").toString().equals("[\"" + ServiceTokens.AUDIENCE + "\"]")
                        : ServiceTokens.AUDIENCE.equals(claims.path("aud").asText()))
                || claims.path("exp").asLong() < Instant.now().getEpochSecond()) {
            return 401;
        }
        return claims.path("groups").toString().equals("[\"" + ServiceTokens.GROUP + "\"]") ? 200 : 403;
    }

    static JsonNode claims(String token) {
        try {
            return MAPPER.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean signedByTheGateway(String[] parts) {
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(gatewayKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey gatewayKey() throws GeneralSecurityException {
        try {
            String pem = Files.readString(TestInfrastructure.get().gatewayKeys().publicKey());
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
