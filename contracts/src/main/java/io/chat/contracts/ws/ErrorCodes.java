package io.chat.contracts.ws;

/** The {@code code} of {@code error} frames. */
public final class ErrorCodes {

    public static final String BAD_JSON = "bad_json";
    public static final String UNKNOWN_TYPE = "unknown_type";
    /** A frame of a known type that lacks a field or has a wrong one. */
    public static final String INVALID = "invalid";
    public static final String NOT_MEMBER = "not_member";
    public static final String TOO_LARGE = "too_large";
    /** Every frame is a JSON text frame; a binary frame is refused (and counts against the rate). */
    public static final String BINARY_UNSUPPORTED = "binary_unsupported";
    /** Something the frame needs (e.g. the history a {@code resume} replays) is unavailable; try again. */
    public static final String UNAVAILABLE = "unavailable";

    private ErrorCodes() {
    }
}
