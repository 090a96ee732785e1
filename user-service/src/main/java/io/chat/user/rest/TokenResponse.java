package io.chat.user.rest;

import io.chat.user.service.IssuedToken;

/** The answer of {@code POST /auth/token} and {@code POST /auth/refresh}. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    static TokenResponse of(IssuedToken token) {
        return new TokenResponse(token.accessToken(), "Bearer", token.expiresIn(), token.refreshToken());
    }
}
