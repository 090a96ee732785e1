package io.chat.chat.rest;

import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.chat.problem.validation.CleanText;

/** Request bodies of chat-service. Every text field refuses C0 control characters (except TAB, LF, CR). */
public final class ChatRequests {

    private ChatRequests() {
    }

    public record CreateRoom(
            @NotBlank @Size(max = 100) @CleanText String name,
            @Size(max = 500) @CleanText String topic,
            @Pattern(regexp = "public|private", message = "must be public or private") String visibility) {
    }

    /** Absent fields stay as they are. */
    public record UpdateRoom(
            @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @Size(max = 100) @CleanText String name,
            @Size(max = 500) @CleanText String topic) {
    }

    public record AddMember(@NotNull UUID userId) {
    }

    public record PostMessage(@NotNull @Size(min = 1, max = 4000) @CleanText String text,
            @Size(min = 1, max = 128) @CleanText String clientMsgId) {
    }

    public record EditMessage(@NotNull @Size(min = 1, max = 4000) @CleanText String text) {
    }

    public record ReadMarker(@NotNull @Min(0) Long seq) {
    }

    public record DirectMessage(@NotNull UUID userId) {
    }
}
