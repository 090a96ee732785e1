package io.chat.gateway.fanout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.EventEnvelope;
import io.chat.contracts.events.EventReader.TypedEvent;
import io.chat.contracts.events.EventType;
import io.chat.contracts.events.UserEvents;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * Turns domain events into frames for the connections that should get them: a room's events to the
 * room's connections (membership changes applied first for joins, after delivery for leaves and
 * deletes; {@code room.created} also to its creator's), user events to the connections sharing a room with the user. Repeats are dropped by event id.
 * Each topic partition is read by one thread, so each room's events keep their partition order.
 */
@ApplicationScoped
public class EventRouter {

    /** The user events clients get; {@code user.created} concerns nobody's rooms yet. */
    private static final Set<EventType<?>> CLIENT_USER_EVENTS = Set.of(UserEvents.USER_UPDATED, UserEvents.USER_DELETED);

    private final RoomIndex index;
    private final Delivery delivery;
    private final MemberLists memberLists;
    private final Frames frames;
    private final GatewayMetrics metrics;
    private final Map<UUID, Boolean> seen;

    public EventRouter(RoomIndex index, Delivery delivery, MemberLists memberLists, Frames frames, GatewayMetrics metrics,
            GatewayConfig config) {
        this.index = index;
        this.delivery = delivery;
        this.memberLists = memberLists;
        this.frames = frames;
        this.metrics = metrics;
        int capacity = config.limits().dedupCapacity();
        this.seen = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** An event of chat-service, keyed by room id. */
    public void chatEvent(TypedEvent<?> event) {
        EventEnvelope<?> envelope = event.envelope();
        if (isRepeat(envelope.eventId())) {
            return;
        }
        String roomId = envelope.key();
        OutboundFrame frame = frames.event(envelope.type(), roomId, envelope.data(), envelope.eventId().toString());
        String userId = envelope.data() instanceof ChatEvents.MemberData member ? member.userId().toString() : null;
        List<Recipient> targets;
        if (event.type().equals(ChatEvents.MEMBER_JOINED)) {
            targets = index.joined(roomId, userId);
        } else if (event.type().equals(ChatEvents.MEMBER_LEFT)) {
            targets = index.left(roomId, userId);
        } else if (envelope.data() instanceof ChatEvents.RoomData room && event.type().equals(ChatEvents.ROOM_CREATED)) {
            targets = index.created(roomId, room.ownerId().toString());
        } else if (event.type().equals(ChatEvents.ROOM_DELETED)) {
            targets = index.deleted(roomId);
        } else {
            targets = index.roomConnections(roomId);
        }
        delivery.deliver(targets, frame, envelope.occurredAt());
        if (event.type().equals(ChatEvents.MEMBER_JOINED) && targets.stream().anyMatch(c -> c.userId().equals(userId))) {
            memberLists.load(List.of(roomId)); // the joined user is connected here: presence needs the room's members
        }
    }

    /** An event of user-service, keyed by user id. */
    public void userEvent(TypedEvent<?> event) {
        EventEnvelope<?> envelope = event.envelope();
        if (!CLIENT_USER_EVENTS.contains(event.type()) || isRepeat(envelope.eventId())) {
            return;
        }
        OutboundFrame frame = frames.event(envelope.type(), null, envelope.data(), envelope.eventId().toString());
        delivery.deliver(index.sharingWith(envelope.key(), true), frame, envelope.occurredAt());
    }

    /** A member's typing signal (from any instance) to the room's other members' connections on this one. */
    public void typing(String roomId, String userId) {
        delivery.deliver(index.othersInRoom(roomId, userId), frames.typing(roomId, userId), null);
    }

    private synchronized boolean isRepeat(UUID eventId) {
        if (seen.put(eventId, Boolean.TRUE) != null) {
            metrics.duplicate();
            return true;
        }
        return false;
    }
}
