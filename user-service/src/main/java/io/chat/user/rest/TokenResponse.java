package io.chat.user.rest;

import io.chat.user.service.IssuedToken;

/** The answer of {@code POST /auth/token}. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn) {

    static TokenResponse of(IssuedToken token) {
        return new TokenResponse(token.accessToken(), "Bearer", token.expiresIn());
    }
}
