package io.chat.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The settings the gateway cannot start without. In production they have no default (each is an
 * expression of its environment variable in application.properties), so a start without them fails with
 * one line per missing variable.
 */
@ConfigMapping(prefix = "")
public interface RequiredConfig {

    /** {@code KAFKA_BOOTSTRAP_SERVERS} */
    @WithName("kafka.bootstrap.servers")
    String kafkaBootstrapServers();

    /** {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}: user-service's public key, which verifies access tokens. */
    @WithName("mp.jwt.verify.publickey.location")
    String tokenPublicKeyLocation();

    /** {@code GATEWAY_SIGNING_KEY_LOCATION}: the gateway's private key, which signs its service tokens. */
    @WithName("chat.gateway.service-token.signing-key-location")
    String signingKeyLocation();

    /** {@code CHAT_SERVICE_URL} */
    @WithName("quarkus.rest-client.chat-service.url")
    String chatServiceUrl();
}
