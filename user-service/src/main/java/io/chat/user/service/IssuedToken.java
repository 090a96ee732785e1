package io.chat.user.service;

/** A signed access token, its lifetime in seconds, and the refresh token that renews it. */
public record IssuedToken(String accessToken, long expiresIn, String refreshToken) {
}
