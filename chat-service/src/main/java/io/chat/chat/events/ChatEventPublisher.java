package io.chat.chat.events;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.chat.config.ChatServiceConfig;
import io.chat.chat.repository.Member;
import io.chat.chat.repository.Message;
import io.chat.chat.repository.Room;
import io.chat.common.outbox.Outbox;

/** Records chat events in the outbox, in the transaction of the change, keyed by room id. */
@ApplicationScoped
public class ChatEventPublisher {

    private final Outbox outbox;
    private final String topic;

    public ChatEventPublisher(Outbox outbox, ChatServiceConfig config) {
        this.outbox = outbox;
        this.topic = config.topic();
    }

    public void room(String type, Room room) {
        publish(type, room, ChatEvents.RoomData.of(room));
    }

    public void member(String type, Room room, Member member) {
        publish(type, room, ChatEvents.MemberData.of(member));
    }

    public void message(String type, Room room, Message message) {
        publish(type, room, ChatEvents.MessageData.of(message));
    }

    private void publish(String type, Room room, Object data) {
        outbox.publish(topic, room.id.toString(), type, ChatEvents.VERSION, data);
    }
}
