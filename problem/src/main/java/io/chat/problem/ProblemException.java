package io.chat.problem;

import java.util.List;

/** A rule of the API was broken; mapped to a problem details response with this status. */
public class ProblemException extends RuntimeException {

    private final int status;
    /** Seconds for a {@code Retry-After} header, or null for none. */
    private final Long retryAfterSeconds;
    /** The fields a 400 names, or null. */
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String detail) {
        this(status, detail, null, null);
    }

    private ProblemException(int status, String detail, Long retryAfterSeconds, List<Problem.Violation> violations) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.violations = violations;
    }

    public Problem problem() {
        return violations == null ? Problem.of(status, getMessage()) : Problem.invalid(getMessage(), violations);
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 429: a limit was reached; the client may try again after the given number of seconds. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, detail, Math.max(1, retryAfterSeconds), null);
    }

    /** 503: the server cannot take the request now; the client may try again after the given number of seconds. */
    public static ProblemException serviceUnavailable(String detail, long retryAfterSeconds) {
        return new ProblemException(503, detail, Math.max(1, retryAfterSeconds), null);
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

    /** 400 caused by one field or parameter: {@code violations} names it, as for a body that fails validation. */
    public static ProblemException invalid(String field, String rule) {
        return new ProblemException(400, "'" + field + "' " + rule, null, List.of(new Problem.Violation(field, rule)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail);
    }
}
