package io.chat.chat.config;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The settings an operator must provide. Mapping them makes a start without them fail before anything
 * else runs, with one line per missing variable (the production profile refers to them as
 * {@code ${VARIABLE}} in application.properties).
 */
@Unremovable
@ConfigMapping(prefix = "")
public interface RequiredConfig {

    @WithName("quarkus.datasource.jdbc.url")
    String databaseUrl();

    @WithName("quarkus.datasource.username")
    String databaseUsername();

    @WithName("quarkus.datasource.password")
    String databasePassword();

    @WithName("kafka.bootstrap.servers")
    String kafkaBootstrapServers();

    @WithName("mp.jwt.verify.publickey.location")
    String verifyKeyLocation();

    /** {@code CHAT_GATEWAY_PUBLICKEY_LOCATION}: the gateway's public key, which verifies its service tokens. */
    @WithName("chat.gateway.publickey-location")
    String gatewayKeyLocation();
}
