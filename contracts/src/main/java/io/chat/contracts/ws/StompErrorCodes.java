package io.chat.contracts.ws;

/**
 * The {@code message} header of the STOMP {@code ERROR} frames that only {@code /stomp} sends; the others
 * carry the {@link ErrorCodes} of {@code /ws}.
 */
public final class StompErrorCodes {

    /** No token, or one that is not valid, in {@code CONNECT} (or on the upgrade). */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The user holds {@code max-connections-per-user} connections already. */
    public static final String TOO_MANY_CONNECTIONS = "too_many_connections";
    /** None of the client's {@code accept-version} is supported. */
    public static final String VERSION = "version";
    /** A frame other than {@code CONNECT}/{@code STOMP} before the session is connected. */
    public static final String NOT_CONNECTED = "not_connected";
    public static final String ALREADY_CONNECTED = "already_connected";
    /** {@code ACK}, {@code NACK}, transactions. */
    public static final String UNSUPPORTED = "unsupported";
    /** Bytes that are no STOMP frame. */
    public static final String INVALID_FRAME = "invalid_frame";

    private StompErrorCodes() {
    }
}
