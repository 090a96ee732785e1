package io.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * An RSA key pair for signing tokens outside Kubernetes (user-service's access tokens, the gateway's
 * service tokens), generated on first use into a directory that git ignores. Production keys come from a
 * secret, never from here.
 */
public record DevKeys(Path privateKey, Path publicKey) {

    /** The gateway's private key, which signs its service tokens. */
    public static final String GATEWAY_SIGNING_KEY_PROPERTY = "chat.gateway.service-token.signing-key-location";
    /** The gateway's public key, with which chat-service verifies them. */
    public static final String GATEWAY_PUBLIC_KEY_PROPERTY = "chat.gateway.publickey-location";

    private static final int KEY_SIZE = 2048;

    public static DevKeys in(Path dir) {
        DevKeys keys = new DevKeys(dir.resolve("private-key.pem"), dir.resolve("public-key.pem"));
        if (Files.exists(keys.privateKey) && Files.exists(keys.publicKey)) {
            return keys;
        }
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(keys.privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keys.publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
