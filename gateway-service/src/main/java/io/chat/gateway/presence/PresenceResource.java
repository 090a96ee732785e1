package io.chat.gateway.presence;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.gateway.config.GatewayConfig;
import io.chat.gateway.fanout.Memberships;
import io.chat.gateway.presence.ConnectionRegistry.PresenceView;
import io.chat.problem.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /presence?userId=U&userId=V}: online status and connection count across all gateway
 * instances, private to those who share a room with the caller (asked of chat-service with the
 * gateway's credential): anyone else shows as offline with 0 connections. Admins see everyone.
 */
@Path("/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private static final String ADMIN = "admin";

    private final ConnectionRegistry registry;
    private final Memberships memberships;
    private final SecurityIdentity identity;
    private final JsonWebToken jwt;
    private final int maxIds;

    public PresenceResource(ConnectionRegistry registry, Memberships memberships, SecurityIdentity identity,
            JsonWebToken jwt, GatewayConfig config) {
        this.registry = registry;
        this.memberships = memberships;
        this.identity = identity;
        this.jwt = jwt;
        this.maxIds = config.limits().maxPresenceIds();
    }

    @GET
    public Uni<List<PresenceView>> presence(@QueryParam("userId") List<String> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            throw ProblemException.invalid("userId", "at least one is required");
        }
        if (userIds.size() > maxIds) {
            throw ProblemException.invalid("userId", "at most " + maxIds + " values");
        }
        if (identity.hasRole(ADMIN)) {
            return Uni.createFrom().item(registry.presence(userIds, user -> true));
        }
        String caller = jwt.getSubject();
        // an id that is not a user id shares no room with anyone
        List<String> others = userIds.stream().distinct().filter(u -> !u.equals(caller) && isUuid(u)).toList();
        return memberships.contacts(caller, others)
                .map(shared -> registry.presence(userIds, user -> user.equals(caller) || shared.contains(user)));
    }

    private static boolean isUuid(String id) {
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
