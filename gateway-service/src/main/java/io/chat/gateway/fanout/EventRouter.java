package io.chat.gateway.fanout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.chat.contracts.events.EventEnvelope;
import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.metrics.GatewayMetrics;

/**
 * Turns domain events into frames for the connections that should get them: a room's events to the
 * room's connections (membership changes applied first for joins, after delivery for leaves and
 * deletes), user events to the connections sharing a room with the user. Repeats are dropped by event id.
 * Each topic partition is read by one thread, so each room's events keep their partition order.
 */
@ApplicationScoped
public class EventRouter {

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

    public void chatEvent(EventEnvelope<JsonNode> event) {
        if (isRepeat(event)) {
            return;
        }
        String roomId = event.key();
        String sseId = event.type().startsWith("message.") ? event.eventId().toString() : null;
        OutboundFrame frame = frames.event(event.type(), roomId, event.data(), sseId);
        String userId = event.data().path("userId").asText();
        List<Recipient> targets = switch (event.type()) {
            case "member.joined" -> index.joined(roomId, userId);
            case "member.left" -> index.left(roomId, userId);
            case "room.deleted" -> index.deleted(roomId);
            default -> index.roomConnections(roomId);
        };
        delivery.deliver(targets, frame, event.occurredAt());
        if (event.type().equals("member.joined")) {
            targets.stream().filter(c -> c.userId().equals(userId)).findFirst()
                    .ifPresent(member -> memberLists.load(member, List.of(roomId)));
        }
    }

    public void userEvent(EventEnvelope<JsonNode> event) {
        if (!event.type().equals("user.updated") && !event.type().equals("user.deleted") || isRepeat(event)) {
            return;
        }
        OutboundFrame frame = frames.event(event.type(), null, event.data(), null);
        delivery.deliver(index.sharingWith(event.key(), true), frame, event.occurredAt());
    }

    /** A member's typing signal (from any instance) to the room's other members' connections on this one. */
    public void typing(String roomId, String userId) {
        delivery.deliver(index.othersInRoom(roomId, userId), frames.typing(roomId, userId), null);
    }

    private synchronized boolean isRepeat(EventEnvelope<JsonNode> event) {
        if (seen.put(event.eventId(), Boolean.TRUE) != null) {
            metrics.duplicate();
            return true;
        }
        return false;
    }
}
