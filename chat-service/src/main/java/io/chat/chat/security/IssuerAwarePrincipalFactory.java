package io.chat.chat.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

import io.chat.chat.config.InternalApiConfig;
import io.chat.chat.config.RequiredConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies the two kinds of bearer token with one mechanism: the gateway's service tokens (by their
 * {@code iss}) against the gateway's public key, issuer and audience; everything else as configured for
 * user-service's access tokens ({@code mp.jwt.verify.*}). The unverified {@code iss} only picks which
 * verification applies; a token passes only the full verification of that issuer. Which endpoints each
 * may call is decided by roles ({@link Roles}). A token that passed is kept until it expires
 * ({@link VerifiedTokens}): a client's next requests with it are not verified again.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class IssuerAwarePrincipalFactory extends JWTCallerPrincipalFactory {

    /** One parser per verification: a parser caches the key resolver of the first context it saw. */
    private final DefaultJWTCallerPrincipalFactory users = new DefaultJWTCallerPrincipalFactory();
    private final DefaultJWTCallerPrincipalFactory gateway = new DefaultJWTCallerPrincipalFactory();
    private final String gatewayIssuer;
    private final String gatewayAudience;
    private final String gatewayKeyLocation;
    private final VerifiedTokens verifiedTokens;
    private volatile JWTAuthContextInfo gatewayContext;

    public IssuerAwarePrincipalFactory(InternalApiConfig internal, RequiredConfig required, VerifiedTokens verifiedTokens) {
        this.verifiedTokens = verifiedTokens;
        this.gatewayIssuer = internal.gatewayIssuer();
        this.gatewayAudience = internal.audience();
        this.gatewayKeyLocation = required.gatewayKeyLocation();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo userTokens) throws ParseException {
        return verifiedTokens.get(token, unverified -> verify(unverified, userTokens));
    }

    private JWTCallerPrincipal verify(String token, JWTAuthContextInfo userTokens) throws ParseException {
        boolean fromGateway = gatewayIssuer.equals(unverifiedIssuer(token));
        JWTCallerPrincipal principal = fromGateway ? gateway.parse(token, gatewayContext(userTokens))
                : users.parse(token, userTokens);
        // Each issuer's tokens carry only their own kind of role, so neither key can open the other's endpoints.
        if (fromGateway != principal.getGroups().contains(Roles.GATEWAY)
                || fromGateway && principal.getGroups().size() != 1) {
            throw new ParseException("Role " + Roles.GATEWAY + " comes only with the gateway's service tokens");
        }
        return principal;
    }

    /** The user-token settings (clock skew, algorithm, ...) with the gateway's key, issuer and audience. */
    private JWTAuthContextInfo gatewayContext(JWTAuthContextInfo userTokens) {
        JWTAuthContextInfo context = gatewayContext;
        if (context == null) {
            context = new JWTAuthContextInfo(userTokens);
            context.setPublicVerificationKey(null);
            context.setPublicKeyContent(null);
            context.setPublicKeyLocation(gatewayKeyLocation);
            context.setIssuedBy(gatewayIssuer);
            context.setExpectedAudience(Set.of(gatewayAudience));
            gatewayContext = context;
        }
        return context;
    }

    private static String unverifiedIssuer(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return JwtClaims.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).getIssuer();
        } catch (IllegalArgumentException | InvalidJwtException | MalformedClaimException e) {
            return null; // not a JWT we can read: the normal verification refuses it
        }
    }
}
