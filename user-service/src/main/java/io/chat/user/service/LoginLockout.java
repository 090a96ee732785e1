package io.chat.user.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;

/**
 * Locks a username after too many failed sign-ins within a window, even against the right password,
 * until the window has passed. Counted in the database so that every replica sees the same count, and
 * for unknown usernames too, so a lock says nothing about whether the user exists.
 */
@ApplicationScoped
public class LoginLockout {

    private final EntityManager entityManager;
    private final UserServiceConfig.Lockout config;

    public LoginLockout(EntityManager entityManager, UserServiceConfig config) {
        this.entityManager = entityManager;
        this.config = config.lockout();
    }

    /** @throws ProblemException 429 with the seconds until the lock ends */
    @Transactional
    public void check(String username) {
        List<?> remaining = entityManager.createNativeQuery("""
                SELECT CEIL(EXTRACT(EPOCH FROM window_start + make_interval(secs => ?1) - now()))
                FROM login_failures WHERE username = ?2 AND failures >= ?3
                AND window_start + make_interval(secs => ?1) > now()""")
                .setParameter(1, config.window().toSeconds())
                .setParameter(2, username)
                .setParameter(3, config.maxFailures())
                .getResultList();
        if (!remaining.isEmpty()) {
            throw ProblemException.tooManyRequests("Too many failed sign-ins for this username; try again later",
                    ((Number) remaining.get(0)).longValue());
        }
    }

    /** Counts a failure; a window that has passed starts again. Expired windows of any username are dropped. */
    @Transactional
    public void failed(String username) {
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE window_start < now() - make_interval(secs => ?1)")
                .setParameter(1, config.window().toSeconds())
                .executeUpdate();
        entityManager.createNativeQuery("""
                INSERT INTO login_failures (username, window_start, failures) VALUES (?1, now(), 1)
                ON CONFLICT (username) DO UPDATE SET failures = login_failures.failures + 1""")
                .setParameter(1, username)
                .executeUpdate();
    }

    @Transactional
    public void succeeded(String username) {
        entityManager.createNativeQuery("DELETE FROM login_failures WHERE username = ?1")
                .setParameter(1, username)
                .executeUpdate();
    }
}
