package io.chat.problem;

/** A rule of the API was broken; mapped to a problem details response with this status. */
public class ProblemException extends RuntimeException {

    private final int status;
    /** Seconds for a {@code Retry-After} header, or null for none. */
    private final Long retryAfterSeconds;

    public ProblemException(int status, String detail) {
        this(status, detail, null);
    }

    private ProblemException(int status, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 429: a limit was reached; the client may try again after the given number of seconds. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, detail, Math.max(1, retryAfterSeconds));
    }

    /** 503: the server cannot take the request now; the client may try again after the given number of seconds. */
    public static ProblemException serviceUnavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(503, detail, Math.max(1, retryAfterSeconds));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail);
    }
}
