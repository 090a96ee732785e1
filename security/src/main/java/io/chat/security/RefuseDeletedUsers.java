package io.chat.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * A deleted user's tokens stay signed and unexpired, but open nothing any more: authentication fails
 * (401 on every endpoint, no new WebSocket upgrade).
 */
@ApplicationScoped
public class RefuseDeletedUsers implements SecurityIdentityAugmentor {

    private final DeletedUserDirectory deleted;

    public RefuseDeletedUsers(DeletedUserDirectory deleted) {
        this.deleted = deleted;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken token && deleted.contains(token.getSubject())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The user was deleted"));
        }
        return Uni.createFrom().item(identity);
    }
}
