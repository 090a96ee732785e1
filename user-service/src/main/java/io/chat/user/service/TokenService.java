package io.chat.user.service;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;
import io.chat.user.model.User;
import io.smallrye.jwt.build.Jwt;

/**
 * Sign-in, refresh and sign-out. Access tokens are RS256 JWTs signed with the key read at run time
 * from {@code smallrye.jwt.sign.key.location}; refresh tokens are opaque ({@link RefreshTokens}).
 */
@ApplicationScoped
public class TokenService {

    /** Compared against when the user does not exist, so both failures take the same time. */
    private static final String DUMMY_HASH = Passwords.hash("not-a-real-password");

    private final UserService users;
    private final RefreshTokens refreshTokens;
    private final LoginLockout lockout;
    private final UserServiceConfig config;

    public TokenService(UserService users, RefreshTokens refreshTokens, LoginLockout lockout, UserServiceConfig config) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.lockout = lockout;
        this.config = config;
    }

    public IssuedToken signIn(String username, String password) {
        lockout.attempt(username); // counted as a failure until it succeeds
        User user = users.findByUsername(username).orElse(null);
        boolean valid = Passwords.matches(password, user == null ? DUMMY_HASH : user.passwordHash);
        if (user == null || !valid) {
            throw ProblemException.unauthorized("Unknown username or wrong password");
        }
        lockout.succeeded(username);
        if (Passwords.isLegacy(user.passwordHash)) {
            users.rehash(user.id, password);
        }
        return issue(user, refreshTokens.signedIn(user.id));
    }

    /** Rotates the refresh token; its user must still exist. No access token is needed. */
    public IssuedToken refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken)
                .orElseThrow(() -> ProblemException.unauthorized("The refresh token is not valid"));
        User user = users.find(rotated.userId())
                .orElseThrow(() -> ProblemException.unauthorized("The refresh token is not valid"));
        return issue(user, rotated.next());
    }

    public void signOut(String refreshToken) {
        refreshTokens.revoke(refreshToken);
    }

    private IssuedToken issue(User user, String refreshToken) {
        Set<String> groups = new HashSet<>();
        groups.add("user");
        if (user.admin) {
            groups.add("admin");
        }
        long lifetime = config.token().lifetime().toSeconds();
        String token = Jwt.issuer(config.token().issuer())
                .audience(config.token().audience())
                .subject(user.id.toString())
                .upn(user.username)
                .groups(groups)
                .claim("name", user.displayName)
                .expiresIn(lifetime)
                .sign();
        return new IssuedToken(token, lifetime, refreshToken);
    }
}
