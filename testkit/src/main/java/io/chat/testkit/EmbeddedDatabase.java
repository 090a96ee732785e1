package io.chat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server from the zonky binaries, with one database per service. */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    public static final String USER = "postgres";
    /** The server trusts local connections, so any password works; the services insist on one being set. */
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * @param port 0 for any free port
     * @param dataDir where the cluster lives; kept between starts so local data survives a restart
     */
    public static EmbeddedDatabase start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * Like {@link #start(int, Path)}, with further server settings ({@code -c name=value}); they come after
     * the wrapper's own {@code -F} (fsync off) and {@code synchronous_commit=off}, so they can override them.
     */
    public static EmbeddedDatabase start(int port, Path dataDir, Map<String, String> serverConfig) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300");
            serverConfig.forEach(builder::setServerConfig);
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.infof("PostgreSQL listening on port %d (data %s)", postgres.getPort(), dataDir);
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public String createDatabase(String name) {
        return createDatabase(postgres.getPort(), name);
    }

    /** Creates a database on the server listening on {@code port} (as {@link #USER}) if it does not exist yet. */
    public static String createDatabase(int port, String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Unsafe database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port, "postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(port, name);
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL did not stop cleanly", e);
        }
    }
}
