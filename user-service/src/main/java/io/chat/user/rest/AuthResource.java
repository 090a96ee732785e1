package io.chat.user.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.chat.user.service.TokenService;

@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final TokenService tokens;

    public AuthResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @POST
    @Path("/token")
    public TokenResponse token(@Valid @NotNull UserRequests.Login request) {
        return TokenResponse.of(tokens.issue(request.username(), request.password()));
    }
}
