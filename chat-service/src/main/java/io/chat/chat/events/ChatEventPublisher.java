package io.chat.chat.events;

import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.chat.config.ChatServiceConfig;
import io.chat.chat.model.Member;
import io.chat.chat.model.Message;
import io.chat.chat.model.Room;
import io.chat.contracts.events.ChatEvents;
import io.chat.contracts.events.ChatEvents.MemberData;
import io.chat.contracts.events.ChatEvents.MessageData;
import io.chat.contracts.events.ChatEvents.RoomData;
import io.chat.contracts.events.EventType;
import io.chat.outbox.Outbox;

/** Records chat events in the outbox, in the transaction of the change, keyed by room id. */
@ApplicationScoped
public class ChatEventPublisher {

    private final Outbox outbox;
    private final String topic;

    public ChatEventPublisher(Outbox outbox, ChatServiceConfig config) {
        this.outbox = outbox;
        this.topic = config.topic();
    }

    public void room(EventType<RoomData> type, Room room) {
        publish(type, room, room.toData());
    }

    public void member(EventType<MemberData> type, Room room, Member member) {
        publish(type, room, member.toData());
    }

    public void message(EventType<MessageData> type, MessageData message) {
        publish(type, message.roomId(), message);
    }

    /**
     * Posts a member's message and records its event, in one round trip ({@link Message#POST}); in its own
     * transaction unless the caller has one.
     *
     * @param message the message but its seq, which the statement assigns
     * @return the seq it got; empty when the post was refused, and so nothing changed or recorded
     */
    public OptionalLong messageCreated(MessageData message) {
        return outbox.publishWith(Message.POST, post -> Message.setPost(post, message), topic,
                message.roomId().toString(), ChatEvents.MESSAGE_CREATED, message, Message::postedSeq);
    }

    private <T> void publish(EventType<T> type, Room room, T data) {
        publish(type, room.id, data);
    }

    private <T> void publish(EventType<T> type, UUID roomId, T data) {
        outbox.publish(topic, roomId.toString(), type, data);
    }
}
