package io.chat.gateway.fanout;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Loads the member lists of rooms that have local connections (presence and user events need them),
 * each once, in the background.
 */
@ApplicationScoped
public class MemberLists {

    private static final Logger LOG = Logger.getLogger(MemberLists.class);

    private final RoomIndex index;
    private final Memberships memberships;

    public MemberLists(RoomIndex index, Memberships memberships) {
        this.index = index;
        this.memberships = memberships;
    }

    /** Fetches the member lists of those rooms that have none yet. */
    public void load(List<String> roomIds) {
        for (String roomId : index.claimMemberLoads(roomIds)) {
            memberships.members(roomId).subscribe().with(
                    userIds -> index.membersLoaded(roomId, userIds),
                    failure -> {
                        LOG.warnf("Members of room %s could not be loaded: %s", roomId, failure.toString());
                        index.membersFailed(roomId);
                    });
        }
    }
}
