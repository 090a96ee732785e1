package io.chat.user.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.chat.problem.validation.CleanText;

/** Request bodies of user-service. */
public final class UserRequests {

    private UserRequests() {
    }

    public record Register(
            @NotNull @Pattern(regexp = "^[a-z0-9_]{3,32}$", message = "must be 3 to 32 characters of a-z, 0-9 and _") String username,
            @NotBlank @Size(min = 1, max = 64) @CleanText String displayName,
            @NotNull @Size(min = 8, max = 128) @CleanText String password) {
    }

    /** No usernames are longer, no passwords either: longer ones are refused before any lookup. */
    public record Login(@NotNull @Size(max = 32) @CleanText String username,
            @NotNull @Size(max = 128) @CleanText String password) {
    }

    /** An opaque refresh token as {@code POST /auth/token} issued it. */
    public record Refresh(@NotBlank @Size(max = 128) @CleanText String refreshToken) {
    }

    public record UpdateMe(@NotBlank @Size(min = 1, max = 64) @CleanText String displayName) {
    }
}
