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

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
