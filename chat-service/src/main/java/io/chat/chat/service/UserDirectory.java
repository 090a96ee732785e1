package io.chat.chat.service;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.chat.chat.config.DirectoryConfig;
import io.chat.chat.model.KnownUser;

/**
 * The local projection of user-service's users, fed by the user-events topic. Every change is an
 * idempotent upsert or delete, so replaying the topic (or a repeated event) is harmless.
 */
@ApplicationScoped
public class UserDirectory {

    private final RoomService rooms;
    private final EntityManager entityManager;
    private final DirectoryConfig config;

    public UserDirectory(RoomService rooms, EntityManager entityManager, DirectoryConfig config) {
        this.rooms = rooms;
        this.entityManager = entityManager;
        this.config = config;
    }

    @Transactional
    public void upsert(UUID id, String username, String displayName) {
        KnownUser user = KnownUser.findById(id);
        boolean unknown = user == null;
        if (unknown) {
            user = new KnownUser();
            user.id = id;
        }
        user.username = username;
        user.displayName = displayName;
        if (unknown) {
            user.persist();
        }
    }

    /**
     * A deleted user disappears from the directory and from every room, and is recorded for every
     * replica's token check (see {@code security.DeletedUsers}), all in one transaction.
     */
    @Transactional
    public void deleted(UUID id) {
        Instant now = RoomService.now();
        entityManager.createNativeQuery("INSERT INTO deleted_users (id, deleted_at) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING")
                .setParameter(1, id)
                .setParameter(2, now)
                .executeUpdate();
        entityManager.createNativeQuery("DELETE FROM deleted_users WHERE deleted_at < ?1")
                .setParameter(1, now.minus(config.deletedRetention()))
                .executeUpdate();
        KnownUser.deleteById(id);
        rooms.removeUserEverywhere(id);
    }

    public Map<UUID, KnownUser> find(Collection<UUID> ids) {
        return KnownUser.<KnownUser> list("id IN ?1", ids).stream()
                .collect(Collectors.toMap(user -> user.id, Function.identity()));
    }
}
