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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.chat.common.problem.ProblemException;
import io.chat.user.repository.User;
import io.chat.user.service.UserService;
import io.quarkus.security.Authenticated;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
public class UserResource {

    private final UserService users;
    private final JsonWebToken jwt;

    public UserResource(UserService users, JsonWebToken jwt) {
        this.users = users;
        this.jwt = jwt;
    }

    @POST
    @PermitAll
    public Response register(@Valid @NotNull UserRequests.Register request) {
        User user = users.register(request.username(), request.displayName(), request.password());
        return Response.created(URI.create("/users/" + user.id)).entity(UserView.of(user)).build();
    }

    @GET
    @Path("/me")
    public UserView me() {
        return UserView.of(users.get(caller()));
    }

    @GET
    @Path("/{id}")
    public UserView get(@PathParam("id") UUID id) {
        return UserView.of(users.get(id));
    }

    /** Exact lookup by username: a list of at most one user. */
    @GET
    public List<UserView> byUsername(@QueryParam("username") String username) {
        if (username == null || username.isBlank()) {
            throw ProblemException.badRequest("The query parameter 'username' is required");
        }
        return users.findByUsername(username).map(UserView::of).stream().toList();
    }

    @PATCH
    @Path("/me")
    public UserView updateMe(@Valid @NotNull UserRequests.UpdateMe request) {
        return UserView.of(users.rename(caller(), request.displayName()));
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
