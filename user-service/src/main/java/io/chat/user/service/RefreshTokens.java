package io.chat.user.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.chat.user.config.UserServiceConfig;

/**
 * Opaque refresh tokens, stored only as SHA-256 hashes. Each sign-in starts a family; a refresh marks
 * the presented token used and issues the next one of the family. A used token presented again means
 * it was stolen (or replayed): the whole family is revoked. Rows die with their user.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final Logger LOG = Logger.getLogger(RefreshTokens.class);
    private static final int TOKEN_BYTES = 32;

    /** The user a rotated token belonged to, and its successor. */
    public record Rotated(UUID userId, String next) {
    }

    private final EntityManager entityManager;
    private final UserServiceConfig.Refresh config;
    private final SecureRandom random = new SecureRandom();

    public RefreshTokens(EntityManager entityManager, UserServiceConfig config) {
        this.entityManager = entityManager;
        this.config = config.refresh();
    }

    /** A new family for a sign-in; past the per-user maximum the oldest logins are revoked. */
    @Transactional
    public String signedIn(UUID userId) {
        entityManager.createNativeQuery("""
                DELETE FROM refresh_tokens WHERE user_id = ?1 AND (expires_at < now() OR revoked
                OR used_at < now() - make_interval(secs => ?2))""")
                .setParameter(1, userId)
                .setParameter(2, config.reuseDetection().toSeconds())
                .executeUpdate();
        entityManager.createNativeQuery("""
                UPDATE refresh_tokens SET revoked = TRUE WHERE id IN (
                    SELECT id FROM refresh_tokens WHERE user_id = ?1 AND used_at IS NULL AND NOT revoked
                    ORDER BY created_at DESC OFFSET ?2)""")
                .setParameter(1, userId)
                .setParameter(2, config.maxPerUser() - 1)
                .executeUpdate();
        return insert(userId, UUID.randomUUID());
    }

    /** @return the successor, or empty when the token is unknown, expired, revoked or was used before */
    @Transactional
    public Optional<Rotated> rotate(String token) {
        String hash = hash(token);
        List<?> rows = entityManager.createNativeQuery("""
                UPDATE refresh_tokens SET used_at = now()
                WHERE token_hash = ?1 AND used_at IS NULL AND NOT revoked AND expires_at > now()
                RETURNING CAST(user_id AS VARCHAR), CAST(family_id AS VARCHAR)""")
                .setParameter(1, hash)
                .getResultList();
        if (rows.isEmpty()) {
            int revoked = entityManager.createNativeQuery("""
                    UPDATE refresh_tokens SET revoked = TRUE WHERE NOT revoked AND family_id IN (
                        SELECT family_id FROM refresh_tokens WHERE token_hash = ?1 AND used_at IS NOT NULL)""")
                    .setParameter(1, hash)
                    .executeUpdate();
            if (revoked > 0) {
                LOG.warnf("A used refresh token was presented again; revoked its login (%d tokens)", revoked);
            }
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        UUID userId = UUID.fromString((String) row[0]);
        return Optional.of(new Rotated(userId, insert(userId, UUID.fromString((String) row[1]))));
    }

    @Transactional
    public void revoke(String token) {
        entityManager.createNativeQuery("UPDATE refresh_tokens SET revoked = TRUE WHERE token_hash = ?1")
                .setParameter(1, hash(token))
                .executeUpdate();
    }

    private String insert(UUID userId, UUID familyId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        entityManager.createNativeQuery("""
                INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
                VALUES (?1, ?2, ?3, ?4, now(), now() + make_interval(secs => ?5))""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, userId)
                .setParameter(3, familyId)
                .setParameter(4, hash(token))
                .setParameter(5, config.lifetime().toSeconds())
                .executeUpdate();
        return token;
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(Sha256.of(token));
    }
}
