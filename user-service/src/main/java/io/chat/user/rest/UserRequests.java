package io.chat.user.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of user-service. */
public final class UserRequests {

    private UserRequests() {
    }

    public record Register(
            @NotNull @Pattern(regexp = "^[a-z0-9_]{3,32}$", message = "must be 3 to 32 characters of a-z, 0-9 and _") String username,
            @NotBlank @Size(max = 64) String displayName,
            @NotNull @Size(min = 8, max = 128) String password) {
    }

    public record Login(@NotNull String username, @NotNull String password) {
    }

    public record UpdateMe(@NotBlank @Size(max = 64) String displayName) {
    }
}
