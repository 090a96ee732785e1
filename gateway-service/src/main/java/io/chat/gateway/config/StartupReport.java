package io.chat.gateway.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/** Says at start which instance this is and what it talks to: the first thing to check when it misbehaves. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    private final GatewayConfig gateway;
    private final RequiredConfig required;
    private final Vertx vertx;

    public StartupReport(GatewayConfig gateway, RequiredConfig required, Vertx vertx) {
        this.gateway = gateway;
        this.required = required;
        this.vertx = vertx;
    }

    void report(@Observes StartupEvent event) {
        LOG.infof("Gateway instance %s: Kafka %s, chat-service %s, token key %s, service token signing key %s,"
                + " browser origins %s", gateway.instanceId(), required.kafkaBootstrapServers(), required.chatServiceUrl(),
                required.tokenPublicKeyLocation(), required.signingKeyLocation(), gateway.allowedOrigins().orElse(List.of()));
        Throwable unavailable = vertx.unavailableNativeTransportCause();
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Sockets on the native transport (epoll)");
        } else if (unavailable != null) {
            LOG.warnf("Sockets on JDK NIO, the native transport is unavailable: %s", unavailable);
        } else {
            LOG.info("Sockets on JDK NIO (quarkus.vertx.prefer-native-transport is false)");
        }
    }
}
