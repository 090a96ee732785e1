package io.chat.user.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;

/**
 * Locks a username after too many failed sign-ins within a window, even against the right password,
 * until the window has passed. Counted in the database so that every replica sees the same count, and
 * for unknown usernames too, so a lock says nothing about whether the user exists. An attempt is counted
 * before its password is checked, in the same statement that reads the count: guesses sent in parallel
 * cannot all pass the check before any of them is counted. A successful sign-in clears the count.
 */
@ApplicationScoped
public class LoginLockout {

    private final EntityManager entityManager;
    private final UserServiceConfig.Lockout config;

    public LoginLockout(EntityManager entityManager, UserServiceConfig config) {
        this.entityManager = entityManager;
        this.config = config.lockout();
    }

    /**
     * Counts a sign-in attempt; a window that has passed starts again. Expired windows of any username are dropped.
     *
     * @throws ProblemException 429 with the seconds until the lock ends, when this attempt is over the limit
     */
    @Transactional
    public void attempt(String username) {
        long window = config.window().toSeconds();
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE window_start < now() - make_interval(secs => ?1)")
                .setParameter(1, window)
                .executeUpdate();
        Object[] counted = (Object[]) entityManager.createNativeQuery("""
                INSERT INTO login_failures AS f (username, window_start, failures) VALUES (?1, now(), 1)
                ON CONFLICT (username) DO UPDATE SET
                    failures = CASE WHEN f.window_start + make_interval(secs => ?2) > now() THEN f.failures + 1 ELSE 1 END,
                    window_start = CASE WHEN f.window_start + make_interval(secs => ?2) > now() THEN f.window_start ELSE now() END
                RETURNING failures, CEIL(EXTRACT(EPOCH FROM window_start + make_interval(secs => ?2) - now()))""")
                .setParameter(1, username)
                .setParameter(2, window)
                .getSingleResult();
        if (((Number) counted[0]).longValue() > config.maxFailures()) {
            throw ProblemException.tooManyRequests("Too many failed sign-ins for this username; try again later",
                    ((Number) counted[1]).longValue());
        }
    }

    @Transactional
    public void succeeded(String username) {
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE username = ?1")
                .setParameter(1, username)
                .executeUpdate();
    }
}
