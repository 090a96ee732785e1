package io.chat.gateway.cluster;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A connection as the admin API and the cluster registry see it, with the gateway instance holding it. */
@RegisterForReflection
public record ConnectionInfo(String connectionId, String userId, Instant connectedAt, String remoteAddress,
        String instanceId) {
}
