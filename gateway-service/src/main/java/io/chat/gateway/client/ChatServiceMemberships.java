package io.chat.gateway.client;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.chat.contracts.events.ChatEvents;
import io.chat.gateway.fanout.Memberships;
import io.smallrye.mutiny.Uni;

/** Memberships and message history from chat-service's internal API, read with the gateway's service token. */
@ApplicationScoped
public class ChatServiceMemberships implements Memberships {

    private final ChatServiceClient chatService;
    private final ServiceToken serviceToken;

    public ChatServiceMemberships(@RestClient ChatServiceClient chatService, ServiceToken serviceToken) {
        this.chatService = chatService;
        this.serviceToken = serviceToken;
    }

    @Override
    public Uni<List<String>> rooms(String userId) {
        return Uni.createFrom().item(serviceToken::bearer)
                .chain(bearer -> chatService.rooms(bearer, userId))
                .map(rooms -> rooms.stream().map(ChatServiceClient.RoomRef::id).toList())
                .onFailure(ChatServiceMemberships::gone).transform(failure -> new UserDeleted(userId));
    }

    @Override
    public Uni<Set<String>> members(String roomId) {
        return Uni.createFrom().item(serviceToken::bearer)
                .chain(bearer -> chatService.members(bearer, roomId))
                .map(members -> members.stream().map(ChatServiceClient.MemberRef::userId).collect(Collectors.toSet()));
    }

    @Override
    public Uni<Set<String>> contacts(String userId, List<String> others) {
        if (others.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Uni.createFrom().item(serviceToken::bearer)
                .chain(bearer -> chatService.contacts(bearer, userId, others))
                .map(Set::copyOf);
    }

    @Override
    public Uni<List<ChatEvents.MessageData>> messagesAfter(String roomId, long afterSeq, int limit) {
        return Uni.createFrom().item(serviceToken::bearer)
                .chain(bearer -> chatService.messages(bearer, roomId, afterSeq, limit));
    }

    private static boolean gone(Throwable failure) {
        return failure instanceof WebApplicationException e && e.getResponse().getStatus() == Response.Status.GONE.getStatusCode();
    }
}
