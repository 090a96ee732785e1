package io.chat.chat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A room's row lock held by another database connection in an open transaction, as a long change of
 * another instance would hold it; closing rolls that transaction back.
 */
final class RoomLock implements AutoCloseable {

    private final Connection connection;

    private RoomLock(Connection connection) {
        this.connection = connection;
    }

    static RoomLock hold(String roomId) throws SQLException {
        Config config = ConfigProvider.getConfig();
        Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM rooms WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, UUID.fromString(roomId));
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No room " + roomId);
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return new RoomLock(connection);
    }

    /** Runs {@code sql} in the lock's transaction and commits it, which ends the lock. */
    void commitWith(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement change = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                change.setObject(i + 1, parameters[i]);
            }
            change.executeUpdate();
        }
        connection.commit();
    }

    /** Whether a post's seq UPDATE of this room is waiting for the lock. */
    boolean postWaiting() throws SQLException {
        try (PreparedStatement waiting = connection.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE rooms SET last_seq = last_seq + 1%'""");
                ResultSet rs = waiting.executeQuery()) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
