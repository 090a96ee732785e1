package io.chat.user.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;
import io.chat.user.events.UserEventPublisher;
import io.chat.user.model.User;

@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);

    private final UserEventPublisher events;
    private final String adminUsername;

    public UserService(UserEventPublisher events, UserServiceConfig config) {
        this.events = events;
        this.adminUsername = config.admin().username();
    }

    /** The configured admin username is reserved, whether or not the admin account exists yet. */
    @Transactional
    public User register(String username, String displayName, String password) {
        if (username.equals(adminUsername)) {
            throw ProblemException.conflict("Username '" + username + "' is reserved");
        }
        return create(username, displayName, password, false);
    }

    /** Creates the user; a username that is taken, also by a concurrent request, is a 409. */
    private User create(String username, String displayName, String password, boolean admin) {
        if (User.findByUsername(username).isPresent()) {
            throw ProblemException.conflict("Username '" + username + "' is taken");
        }
        User user = new User();
        user.id = UUID.randomUUID();
        user.username = username;
        user.displayName = displayName;
        user.passwordHash = Passwords.hash(password);
        user.admin = admin;
        user.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            user.persistAndFlush();
        } catch (ConstraintViolationException e) {
            // A concurrent registration of the same name committed between the check and the insert.
            throw ProblemException.conflict("Username '" + username + "' is taken");
        }
        events.created(user);
        LOG.infof("User %s registered as %s", user.id, username);
        return user;
    }

    public Optional<User> find(UUID id) {
        return User.findByIdOptional(id);
    }

    public Optional<User> findByUsername(String username) {
        return User.findByUsername(username);
    }

    public User get(UUID id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("User " + id + " not found"));
    }

    @Transactional
    public User rename(UUID id, String displayName) {
        User user = User.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw ProblemException.notFound("User " + id + " not found");
        }
        if (!user.displayName.equals(displayName)) {
            user.displayName = displayName;
            events.updated(user);
        }
        return user;
    }

    @Transactional
    public void delete(UUID id) {
        User user = User.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (user == null) {
            throw ProblemException.notFound("User " + id + " not found");
        }
        user.delete();
        events.deleted(user);
        LOG.infof("User %s (%s) deleted", id, user.username);
    }

    /** Replaces a hash of the old scheme, now that the sign-in gave the password. */
    @Transactional
    public void rehash(UUID id, String password) {
        User.<User> findByIdOptional(id).ifPresent(user -> user.passwordHash = Passwords.hash(password));
    }

    /**
     * Creates the configured admin account, or makes sure the existing one is admin with the configured
     * password; any other account that was admin before (a renamed admin) is demoted.
     */
    @Transactional
    public void ensureAdmin(String username, String password) {
        demoteAdminsExcept(username);
        Optional<User> existing = User.findByUsername(username);
        if (existing.isEmpty()) {
            create(username, username, password, true);
            return;
        }
        User admin = existing.get();
        admin.admin = true;
        if (!Passwords.matches(password, admin.passwordHash) || Passwords.isLegacy(admin.passwordHash)) {
            admin.passwordHash = Passwords.hash(password);
        }
    }

    /** With no admin password configured there is no admin: every admin account is demoted. */
    @Transactional
    public void demoteAdmins() {
        demoteAdminsExcept(null);
    }

    private static void demoteAdminsExcept(String username) {
        long demoted = username == null ? User.update("admin = false WHERE admin = true")
                : User.update("admin = false WHERE admin = true AND username <> ?1", username);
        if (demoted > 0) {
            LOG.infof("Demoted %d admin account(s) that configuration no longer names", demoted);
        }
    }
}
