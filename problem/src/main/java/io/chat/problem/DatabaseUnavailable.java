package io.chat.problem;

import java.sql.SQLException;

/**
 * Tells failures of the database that a client should retry (down, out of connections, a lock or
 * statement timeout) from bugs. They are answered 503 with {@code Retry-After}, never 500.
 */
final class DatabaseUnavailable {

    /** What Agroal says when no pooled connection frees up within the acquisition timeout (it sets no SQLState). */
    private static final String POOL_EXHAUSTED = "Sorry, acquisition timeout";

    private DatabaseUnavailable() {
    }

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e.getMessage() != null && e.getMessage().startsWith(POOL_EXHAUSTED);
        }
        return state.startsWith("08") // connection exception: down, refused, broken
                || state.startsWith("53") // insufficient resources, e.g. too many connections
                || state.equals("55P03") // lock_not_available: lock_timeout
                || state.equals("57014") // query_canceled: statement_timeout
                || state.startsWith("57P"); // the server is shutting down or starting
    }
}
