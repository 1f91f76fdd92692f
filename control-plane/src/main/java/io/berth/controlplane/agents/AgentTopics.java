package io.berth.controlplane.agents;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates {@code berth.agent.commands} and {@code berth.agent.reports} if missing. Both are keyed
 * by host id, so one host's instructions (and reports) stay in order on one partition.
 */
final class AgentTopics {

    private static final Logger LOG = Logger.getLogger(AgentTopics.class);

    private AgentTopics() {
    }

    static void ensure(Map<String, Object> kafkaConfig, AgentsConfig config) {
        Map<String, Object> admin = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                admin.put(key, value);
            }
        });
        try (AdminClient client = AdminClient.create(admin)) {
            for (String topic : List.of(config.commandsTopic(), config.reportsTopic())) {
                try {
                    client.createTopics(List.of(new NewTopic(topic, config.partitions(), (short) -1))).all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            LOG.warnf("could not create the agent topics (producers and consumers retry): %s", e.getMessage());
        }
    }
}
