package io.chat.user.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.contracts.events.UserEvents.UserData;
import io.chat.problem.ProblemException;
import io.chat.problem.validation.CleanText;
import io.chat.user.model.User;
import io.chat.user.service.ClientRateLimits;
import io.chat.user.service.UserService;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class UserResource {

    private final UserService users;
    private final ClientRateLimits limits;
    private final JsonWebToken jwt;

    public UserResource(UserService users, ClientRateLimits limits, JsonWebToken jwt) {
        this.users = users;
        this.limits = limits;
        this.jwt = jwt;
    }

    @POST
    @PermitAll
    public Response register(@Valid @NotNull UserRequests.Register body, @Context HttpServerRequest http) {
        limits.registration(Clients.address(http));
        User user = users.register(body.username(), body.displayName(), body.password());
        return Response.created(URI.create("/users/" + user.id)).entity(user.toData()).build();
    }

    @GET
    @Path("/me")
    public UserData me() {
        return users.get(caller()).toData();
    }

    @GET
    @Path("/{id}")
    public UserData get(@PathParam("id") UUID id) {
        return users.get(id).toData();
    }

    /** Exact lookup by username: a list of at most one user. */
    @GET
    public List<UserData> byUsername(@QueryParam("username") @CleanText String username) {
        if (username == null || username.isBlank()) {
            throw ProblemException.invalid("username", "is required");
        }
        return users.findByUsername(username).map(User::toData).stream().toList();
    }

    @PATCH
    @Path("/me")
    public UserData updateMe(@Valid @NotNull UserRequests.UpdateMe body) {
        return users.rename(caller(), body.displayName()).toData();
    }

    @DELETE
    @Path("/me")
    public void deleteMe() {
        users.delete(caller());
    }

    private UUID caller() {
        return UUID.fromString(jwt.getSubject());
    }
}
