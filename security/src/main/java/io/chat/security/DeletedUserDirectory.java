package io.chat.security;

/**
 * The users this service knows to be deleted. Each service keeps its own (the gateway from the events it
 * consumed, chat-service from its table); {@link RefuseDeletedUsers} refuses their tokens.
 */
public interface DeletedUserDirectory {

    boolean contains(String userId);
}
