package io.chat.chat.security;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Bearer tokens that passed full verification, kept until they expire, so that a client's next requests
 * with the same token skip parsing it and checking its signature (13 % of chat-service's CPU samples
 * under the write-path bench before). Only a token that verified is kept, keyed by its whole text,
 * signature included: another text is verified in full. The cache decides nothing else: refusals that
 * can change during a token's life (a deleted user, {@link io.chat.security.RefuseDeletedUsers}) run on
 * the identity built from it on every request.
 */
@ApplicationScoped
public class VerifiedTokens {

    /** The full verification of a token not in the cache. */
    @FunctionalInterface
    public interface Verification {
        JWTCallerPrincipal verify(String token) throws ParseException;
    }

    private final Cache<String, JWTCallerPrincipal> verified;
    private final Clock clock;

    @Inject
    public VerifiedTokens(VerifiedTokensConfig config) {
        this(config.maxSize(), Clock.systemUTC());
    }

    VerifiedTokens(long maxSize, Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                // Evictions on the calling thread: no task per write for a pool, and the size holds at once.
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, JWTCallerPrincipal> creating(
                        (token, principal) -> Duration.ofMillis(Math.max(0, millisLeft(principal)))))
                .build();
    }

    /** The cached principal of {@code token} while it has not expired, else {@code verification}'s (cached if it passes). */
    public JWTCallerPrincipal get(String token, Verification verification) throws ParseException {
        JWTCallerPrincipal principal = verified.getIfPresent(token);
        // The cache evicts at expiry on its own clock; the token's own exp is what counts.
        if (principal != null && millisLeft(principal) > 0) {
            return principal;
        }
        principal = verification.verify(token);
        verified.put(token, principal);
        return principal;
    }

    private long millisLeft(JWTCallerPrincipal principal) {
        return principal.getExpirationTime() * 1000 - clock.millis();
    }
}
