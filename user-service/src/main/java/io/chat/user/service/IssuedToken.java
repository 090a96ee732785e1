package io.chat.user.service;

/** A signed access token and its lifetime in seconds. */
public record IssuedToken(String accessToken, long expiresIn) {
}
