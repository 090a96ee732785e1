package io.chat.gateway.listener;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.chat.gateway.config.GatewayConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Which of the gateway's topics have had their partitions assigned (the rebalance listener of every
 * incoming channel). The gateway reads from the end of the log, so only from then on do published events
 * reach this instance.
 */
@ApplicationScoped
@Identifier(PartitionAssignments.NAME)
public class PartitionAssignments implements KafkaConsumerRebalanceListener {

    /** {@code consumer-rebalance-listener.name} of the incoming channels. */
    public static final String NAME = "gateway-partitions";
    private static final Logger LOG = Logger.getLogger(PartitionAssignments.class);

    private final Set<String> topics;
    private final Set<String> assigned = ConcurrentHashMap.newKeySet();

    public PartitionAssignments(GatewayConfig config) {
        GatewayConfig.KafkaTopics topics = config.topics();
        this.topics = Set.of(topics.chatEvents(), topics.userEvents(), topics.presence(), topics.commands());
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> assigned.add(partition.topic()));
        LOG.infof("Consuming %s", partitions);
    }

    /** Whether every topic has had its partitions, i.e. events published from now on reach this instance. */
    public boolean complete() {
        return assigned.containsAll(topics);
    }
}
