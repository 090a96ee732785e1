package io.chat.user.service;

import java.util.Base64;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Password hashes. bcrypt reads at most 72 bytes, so two passwords sharing their first 72 bytes would
 * both match; hashing the password with SHA-256 first makes all of it count. Hashes made before that
 * (plain bcrypt, no prefix) are still accepted and are replaced at the next successful sign-in.
 */
final class Passwords {

    private static final String SCHEME = "sha256-bcrypt$";

    private Passwords() {
    }

    static String hash(String password) {
        return SCHEME + BcryptUtil.bcryptHash(prehash(password));
    }

    static boolean matches(String password, String stored) {
        return isLegacy(stored) ? BcryptUtil.matches(password, stored)
                : BcryptUtil.matches(prehash(password), stored.substring(SCHEME.length()));
    }

    static boolean isLegacy(String stored) {
        return !stored.startsWith(SCHEME);
    }

    private static String prehash(String password) {
        return Base64.getEncoder().encodeToString(Sha256.of(password));
    }
}
