package io.chat.gateway.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Says at start which instance this is and what it talks to: the first thing to check when it misbehaves. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class);

    private final GatewayConfig gateway;
    private final RequiredConfig required;

    public StartupReport(GatewayConfig gateway, RequiredConfig required) {
        this.gateway = gateway;
        this.required = required;
    }

    void report(@Observes StartupEvent event) {
        LOG.infof("Gateway instance %s: Kafka %s, chat-service %s, token key %s, service token signing key %s,"
                + " browser origins %s", gateway.instanceId(), required.kafkaBootstrapServers(), required.chatServiceUrl(),
                required.tokenPublicKeyLocation(), required.signingKeyLocation(), gateway.allowedOrigins().orElse(List.of()));
    }
}
