package io.chat.chat.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger verifications = new AtomicInteger();

    @Test
    void aTokenIsVerifiedOnceWhileItLives() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(100, clock);
        JWTCallerPrincipal first = tokens.get("token-a", verifyingUntil(NOW.plusSeconds(60)));
        JWTCallerPrincipal again = tokens.get("token-a", verifyingUntil(NOW.plusSeconds(60)));
        assertSame(first, again);
        assertEquals(1, verifications.get());
    }

    @Test
    void anExpiredTokenIsVerifiedAgainSoItsVerificationCanRefuseIt() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(100, clock);
        tokens.get("token-b", verifyingUntil(NOW.plusSeconds(60)));
        clock.now = NOW.plusSeconds(60);
        assertThrows(ParseException.class, () -> tokens.get("token-b", refusing()));
    }

    @Test
    void anotherTextIsVerifiedInFullAndARefusalIsNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(100, clock);
        assertThrows(ParseException.class, () -> tokens.get("token-c", refusing()));
        assertThrows(ParseException.class, () -> tokens.get("token-c", refusing()));
        assertEquals(2, verifications.get());
    }

    @Test
    void withNoRoomEveryRequestIsVerified() throws ParseException {
        VerifiedTokens tokens = new VerifiedTokens(0, clock);
        tokens.get("token-d", verifyingUntil(NOW.plusSeconds(60)));
        tokens.get("token-d", verifyingUntil(NOW.plusSeconds(60)));
        assertEquals(2, verifications.get());
    }

    private VerifiedTokens.Verification verifyingUntil(Instant expiry) {
        return token -> {
            verifications.incrementAndGet();
            JwtClaims claims = new JwtClaims();
            claims.setSubject("user-1");
            claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
            return new DefaultJWTCallerPrincipal(token, claims);
        };
    }

    private VerifiedTokens.Verification refusing() {
        return token -> {
            verifications.incrementAndGet();
            throw new ParseException("refused");
        };
    }

    private static final class MutableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
