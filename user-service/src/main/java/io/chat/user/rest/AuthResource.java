package io.chat.user.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;

import io.chat.user.service.ClientRateLimits;
import io.chat.user.service.TokenService;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in, refresh and sign-out; none of them needs an access token. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
public class AuthResource {

    private final TokenService tokens;
    private final ClientRateLimits limits;

    public AuthResource(TokenService tokens, ClientRateLimits limits) {
        this.tokens = tokens;
        this.limits = limits;
    }

    /** RFC 6749 5.1: an answer holding tokens is not stored by caches. */
    @POST
    @Path("/token")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenResponse token(@Valid @NotNull UserRequests.Login body, @Context HttpServerRequest http) {
        limits.signIn(Clients.address(http));
        return TokenResponse.of(tokens.signIn(body.username(), body.password()));
    }

    /** Rotation: the presented refresh token stops working; presenting it again revokes its whole login. */
    @POST
    @Path("/refresh")
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenResponse refresh(@Valid @NotNull UserRequests.Refresh body, @Context HttpServerRequest http) {
        limits.signIn(Clients.address(http));
        return TokenResponse.of(tokens.refresh(body.refreshToken()));
    }

    @POST
    @Path("/logout")
    public void logout(@Valid @NotNull UserRequests.Refresh body) {
        tokens.signOut(body.refreshToken());
    }
}
