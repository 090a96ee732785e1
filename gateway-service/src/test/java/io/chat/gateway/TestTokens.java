package io.chat.gateway;

import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;

/** Tokens as user-service issues them, signed with the test key pair. */
final class TestTokens {

    private TestTokens() {
    }

    record User(String id, String token) {
    }

    static User user() {
        return token(Set.of("user"));
    }

    static User admin() {
        return token(Set.of("user", "admin"));
    }

    private static User token(Set<String> groups) {
        String id = UUID.randomUUID().toString();
        String token = Jwt.issuer("https://chat.local/user-service").subject(id).upn("u_" + id.substring(0, 8))
                .groups(groups).sign();
        return new User(id, token);
    }
}
