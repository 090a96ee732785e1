package io.chat.chat.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.chat.chat.config.DirectoryConfig;
import io.chat.security.DeletedUserDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The users user-service deleted, as an in-memory set that each replica reloads from the
 * {@code deleted_users} table. Only one replica consumes each {@code user.deleted} (the replicas share
 * a consumer group), so the table, not the event, is what every replica checks tokens against.
 */
@ApplicationScoped
public class DeletedUsers implements DeletedUserDirectory {

    private static final Logger LOG = Logger.getLogger(DeletedUsers.class);

    private final DataSource dataSource;
    private final DirectoryConfig config;
    private volatile Set<String> ids = Set.of();
    private volatile boolean failing;
    private ScheduledExecutorService refresher;

    public DeletedUsers(DataSource dataSource, DirectoryConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** Loads the set before the first request is served, then keeps it fresh. */
    void start(@Observes StartupEvent event) {
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deleted-users-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.deletedRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        refresher.shutdownNow();
    }

    /** @param userId the {@code sub} of a token */
    @Override
    public boolean contains(String userId) {
        return ids.contains(userId);
    }

    private void refresh() {
        Set<String> loaded = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM deleted_users")) {
            while (rs.next()) {
                loaded.add(rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            // Keep checking against the last set; say so once per outage, not every interval.
            if (!failing) {
                LOG.warnf("Could not reload the deleted users, still using the last %d: %s", ids.size(), e.toString());
                failing = true;
            }
            return;
        }
        if (failing) {
            LOG.infof("Reloaded the deleted users again (%d)", loaded.size());
            failing = false;
        }
        ids = Set.copyOf(loaded);
    }
}
