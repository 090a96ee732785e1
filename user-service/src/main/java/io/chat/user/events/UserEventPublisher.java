package io.chat.user.events;

import jakarta.enterprise.context.ApplicationScoped;

import io.chat.common.outbox.Outbox;
import io.chat.user.config.UserServiceConfig;
import io.chat.user.repository.User;

/** Records user events in the outbox, in the transaction of the change. */
@ApplicationScoped
public class UserEventPublisher {

    private final Outbox outbox;
    private final String topic;

    public UserEventPublisher(Outbox outbox, UserServiceConfig config) {
        this.outbox = outbox;
        this.topic = config.topic();
    }

    public void created(User user) {
        publish(UserEvents.CREATED, user, data(user));
    }

    public void updated(User user) {
        publish(UserEvents.UPDATED, user, data(user));
    }

    public void deleted(User user) {
        publish(UserEvents.DELETED, user, new UserEvents.UserDeletedData(user.id, user.username));
    }

    private void publish(String type, User user, Object data) {
        outbox.publish(topic, user.id.toString(), type, UserEvents.VERSION, data);
    }

    private static UserEvents.UserData data(User user) {
        return new UserEvents.UserData(user.id, user.username, user.displayName, user.createdAt);
    }
}
