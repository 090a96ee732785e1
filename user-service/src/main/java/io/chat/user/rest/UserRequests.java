package io.chat.user.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.chat.problem.validation.NoControlChars;

/** Request bodies of user-service. */
public final class UserRequests {

    private UserRequests() {
    }

    public record Register(
            @NotNull @Pattern(regexp = "^[a-z0-9_]{3,32}$", message = "must be 3 to 32 characters of a-z, 0-9 and _") String username,
            @NotBlank @Size(max = 64) @NoControlChars String displayName,
            @NotNull @Size(min = 8, max = 128) @NoControlChars String password) {
    }

    /** No usernames are longer, no passwords either: longer ones are refused before any lookup. */
    public record Login(@NotNull @Size(max = 32) @NoControlChars String username,
            @NotNull @Size(max = 128) @NoControlChars String password) {
    }

    /** An opaque refresh token as {@code POST /auth/token} issued it. */
    public record Refresh(@NotBlank @Size(max = 128) @NoControlChars String refreshToken) {
    }

    public record UpdateMe(@NotBlank @Size(max = 64) @NoControlChars String displayName) {
    }
}
