package io.chat.user.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import io.smallrye.jwt.util.KeyUtils;

/**
 * The token verification key as a JWK Set, for verifiers that prefer {@code mp.jwt.verify.publickey.location}
 * pointing at a URL over a mounted PEM file. Read from the key file on first request, never at build time.
 */
@jakarta.ws.rs.Path("/.well-known/jwks.json")
@PermitAll
public class JwksResource {

    private final String publicKeyLocation;
    private volatile Map<String, Object> jwks;

    public JwksResource(@ConfigProperty(name = "mp.jwt.verify.publickey.location") String publicKeyLocation) {
        this.publicKeyLocation = publicKeyLocation;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> jwks() {
        if (jwks == null) {
            jwks = Map.of("keys", List.of(jwk()));
        }
        return jwks;
    }

    private Map<String, Object> jwk() {
        try {
            String pem = Files.readString(Path.of(publicKeyLocation.replaceFirst("^file:", "")));
            PublicKey key = KeyUtils.decodePublicKey(pem);
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("The public key at " + publicKeyLocation + " cannot be read", e);
        }
    }
}
