package io.chat.chat.security;

/**
 * The two kinds of caller: users (user-service's access tokens, group {@code user}) on the public API,
 * and the gateway (its own service tokens, group {@code gateway}) on {@code /internal}. Neither is let
 * into the other's endpoints (403).
 */
public final class Roles {

    public static final String USER = "user";
    public static final String GATEWAY = "gateway";

    private Roles() {
    }
}
