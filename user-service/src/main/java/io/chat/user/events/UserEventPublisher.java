package io.chat.user.events;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.contracts.events.EventType;
import io.chat.contracts.events.UserEvents;
import io.chat.outbox.Outbox;
import io.chat.user.config.UserServiceConfig;
import io.chat.user.model.User;

/** Records user events in the outbox, in the transaction of the change, keyed by user id. */
@ApplicationScoped
public class UserEventPublisher {

    private final Outbox outbox;
    private final String topic;

    public UserEventPublisher(Outbox outbox, UserServiceConfig config) {
        this.outbox = outbox;
        this.topic = config.topic();
    }

    public void created(User user) {
        publish(UserEvents.USER_CREATED, user, user.toData());
    }

    public void updated(User user) {
        publish(UserEvents.USER_UPDATED, user, user.toData());
    }

    public void deleted(User user) {
        publish(UserEvents.USER_DELETED, user, user.toData());
    }

    private <T> void publish(EventType<T> type, User user, T data) {
        outbox.publish(topic, user.id.toString(), type, data);
    }
}
