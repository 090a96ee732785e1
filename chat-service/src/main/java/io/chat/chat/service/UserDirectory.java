package io.chat.chat.service;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.chat.chat.model.KnownUser;

/** The local projection of user-service's users, fed by the user-events topic. */
@ApplicationScoped
public class UserDirectory {

    private final RoomService rooms;

    public UserDirectory(RoomService rooms) {
        this.rooms = rooms;
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

    /** A deleted user disappears from the directory and from every room. */
    @Transactional
    public void deleted(UUID id) {
        KnownUser.deleteById(id);
        rooms.removeUserEverywhere(id);
    }

    public Map<UUID, KnownUser> find(Collection<UUID> ids) {
        return KnownUser.<KnownUser> list("id IN ?1", ids).stream()
                .collect(Collectors.toMap(user -> user.id, Function.identity()));
    }
}
