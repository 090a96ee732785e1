package io.chat.chat.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.chat.chat.events.ChatEventPublisher;
import io.chat.chat.model.Member;
import io.chat.chat.model.Message;
import io.chat.chat.model.Room;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.ChatEvents.MessageData;
import io.chat.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class MessageService {

    /** A message, and whether this call created it (false: a repeated clientMsgId). */
    public record Posted(MessageData message, boolean created) {
    }

    /** Which page of a room's history: exclusive bounds, either may be absent. */
    public record HistoryQuery(Long after, Long before, int limit) {
    }

    private final ChatEventPublisher events;
    private final EntityManager entityManager;
    private final RoomTurns turns;

    public MessageService(ChatEventPublisher events, EntityManager entityManager, RoomTurns turns) {
        this.events = events;
        this.entityManager = entityManager;
        this.turns = turns;
    }

    /**
     * Appends a message with the room's next seq, in one round trip and its own transaction
     * ({@link Message#POST}): the room's row lock, taken with the seq, makes seqs gapless and unique, and
     * makes a repeated clientMsgId see the first message, even when both requests race. No JTA transaction
     * and no Hibernate session are opened for it. Only a refused post looks further, for why: no such room
     * (404), the sender is no member (403, or 404 for a private room), or else a repeated clientMsgId (200 with
     * the first message).
     * Posts into one room wait for each other on this instance first ({@link RoomTurns}), not in the database.
     */
    public Posted post(UUID caller, UUID roomId, String text, String clientMsgId) {
        MessageData draft = new MessageData(UUID.randomUUID(), roomId, 0, caller, text, clientMsgId, RoomService.now(),
                null, false);
        OptionalLong seq;
        try (RoomTurns.Turn turn = turns.await(roomId)) {
            seq = events.messageCreated(draft);
        }
        if (seq.isPresent()) {
            return new Posted(draft.withSeq(seq.getAsLong()), true);
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            Room room = RoomService.find(roomId);
            // A sender removed since the first post gets no answer about the room or that message.
            RoomAccess.requireMember(room, caller);
            return Optional.ofNullable(clientMsgId).flatMap(id -> Message.byClientMsgId(roomId, caller, id))
                    .map(first -> new Posted(first.toData(), false))
                    .orElseThrow(() -> RoomAccess.notMember(room));
        });
    }

    /** Ascending by seq: the page after {@code after}, or the page ending before {@code before}, or the latest. */
    public List<Message> history(UUID caller, UUID roomId, HistoryQuery query) {
        RoomAccess.requireMember(RoomService.find(roomId), caller);
        return page(roomId, query);
    }

    /** Messages with seq > {@code after}, ascending, for the gateway; 404 for an unknown room. */
    public List<Message> after(UUID roomId, long after, int limit) {
        RoomService.find(roomId);
        return page(roomId, new HistoryQuery(after, null, limit));
    }

    private static List<Message> page(UUID roomId, HistoryQuery query) {
        StringBuilder where = new StringBuilder("roomId = :room");
        Parameters params = Parameters.with("room", roomId);
        if (query.after() != null) {
            where.append(" AND seq > :after");
            params.and("after", query.after());
        }
        if (query.before() != null) {
            where.append(" AND seq < :before");
            params.and("before", query.before());
        }
        // With only an upper bound (or none) the page is the one closest to it: read backwards, then flip.
        boolean backwards = query.after() == null;
        List<Message> page = Message.<Message> find(where.toString(),
                backwards ? Sort.descending("seq") : Sort.ascending("seq"), params)
                .page(Page.ofSize(query.limit())).list();
        if (backwards) {
            page = new ArrayList<>(page);
            Collections.reverse(page);
        }
        return page;
    }

    @Transactional
    public Message edit(UUID caller, UUID roomId, UUID messageId, String text) {
        Room room = RoomService.lock(roomId);
        RoomAccess.requireMember(room, caller);
        Message message = find(roomId, messageId);
        if (!message.senderId.equals(caller)) {
            throw ProblemException.forbidden("Only the author may edit a message");
        }
        if (message.deleted) {
            throw ProblemException.conflict("Message " + messageId + " was deleted");
        }
        message.text = text;
        message.editedAt = RoomService.now();
        events.message(ChatEvents.MESSAGE_EDITED, message.toData());
        return message;
    }

    /** The author or the room owner deletes; the message stays in history, without its text. */
    @Transactional
    public void delete(UUID caller, UUID roomId, UUID messageId) {
        Room room = RoomService.lock(roomId);
        RoomAccess.requireMember(room, caller);
        Message message = find(roomId, messageId);
        // The creator of a DM is its owner only nominally: it gives no power over the other's messages.
        boolean moderator = room.ownerId.equals(caller) && !room.isDirect();
        if (!message.senderId.equals(caller) && !moderator) {
            throw ProblemException.forbidden("Only the author or the room owner may delete a message");
        }
        if (message.deleted) {
            return;
        }
        message.deleted = true;
        message.text = null;
        events.message(ChatEvents.MESSAGE_DELETED, message.toData());
    }

    /** Moves the caller's read marker forward (never backwards, never past the last message). */
    @Transactional
    public void markRead(UUID caller, UUID roomId, long seq) {
        Room room = RoomService.find(roomId);
        Member member = RoomAccess.requireMember(room, caller);
        entityManager.createQuery("""
                UPDATE Member m SET m.lastReadSeq = :seq
                WHERE m.key = :key AND m.lastReadSeq < :seq""")
                .setParameter("seq", Math.min(seq, room.lastSeq))
                .setParameter("key", member.key)
                .executeUpdate();
    }

    private static Message find(UUID roomId, UUID messageId) {
        return Message.find(roomId, messageId)
                .orElseThrow(() -> ProblemException.notFound("Message " + messageId + " not found in room " + roomId));
    }
}
