package io.chat.gateway.client;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.chat.gateway.fanout.Memberships;
import io.chat.gateway.fanout.Recipient;
import io.smallrye.mutiny.Uni;

/** Memberships from chat-service, read with the bearer token of the connection they are asked for. */
@ApplicationScoped
public class ChatServiceMemberships implements Memberships {

    private final ChatServiceClient chatService;

    public ChatServiceMemberships(@RestClient ChatServiceClient chatService) {
        this.chatService = chatService;
    }

    @Override
    public Uni<List<String>> rooms(Recipient recipient) {
        return chatService.rooms(bearer(recipient))
                .map(rooms -> rooms.stream().map(ChatServiceClient.RoomRef::id).toList());
    }

    @Override
    public Uni<Set<String>> members(String roomId, Recipient member) {
        return chatService.members(bearer(member), roomId)
                .map(members -> members.stream().map(ChatServiceClient.MemberRef::userId).collect(Collectors.toSet()));
    }

    private static String bearer(Recipient recipient) {
        return "Bearer " + recipient.token();
    }
}
