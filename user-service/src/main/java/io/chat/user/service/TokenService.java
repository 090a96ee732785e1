package io.chat.user.service;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.problem.ProblemException;
import io.chat.user.config.UserServiceConfig;
import io.chat.user.model.User;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.jwt.build.Jwt;

/** Issues RS256 access tokens; the signing key is read at run time from {@code smallrye.jwt.sign.key.location}. */
@ApplicationScoped
public class TokenService {

    /** Compared against when the user does not exist, so both failures take the same time. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("not-a-real-password");

    private final UserService users;
    private final UserServiceConfig config;

    public TokenService(UserService users, UserServiceConfig config) {
        this.users = users;
        this.config = config;
    }

    public IssuedToken issue(String username, String password) {
        User user = users.findByUsername(username).orElse(null);
        boolean valid = BcryptUtil.matches(password, user == null ? DUMMY_HASH : user.passwordHash);
        if (user == null || !valid) {
            throw ProblemException.unauthorized("Unknown username or wrong password");
        }
        Set<String> groups = new HashSet<>();
        groups.add("user");
        if (user.admin) {
            groups.add("admin");
        }
        long lifetime = config.token().lifetime().toSeconds();
        String token = Jwt.issuer(config.token().issuer())
                .subject(user.id.toString())
                .upn(user.username)
                .groups(groups)
                .claim("name", user.displayName)
                .expiresIn(lifetime)
                .sign();
        return new IssuedToken(token, lifetime);
    }
}
