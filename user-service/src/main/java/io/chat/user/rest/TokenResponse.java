package io.chat.user.rest;

public record TokenResponse(String accessToken, String tokenType, long expiresIn) {
}
