package io.berth.engine.agent;

import io.berth.protocol.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the agent topics when they are missing. Their partition count is fixed at
 * creation: an agent reads the one partition its host id hashes to, so adding partitions
 * later moves hosts to other partitions (agents notice and follow, see the consumer, but
 * instructions in flight at that moment are read late). Whichever side starts first — the
 * control plane or an agent — creates them with the same settings.
 */
public final class AgentTopics {

    /** Enough for thousands of hosts: each agent reads 1/16 of the instruction traffic. */
    public static final int PARTITIONS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(AgentTopics.class);

    private AgentTopics() {
    }

    public static void ensure(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        int brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : List.of(Topics.AGENT_COMMANDS, Topics.AGENT_REPORTS)) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, PARTITIONS, replication));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (var result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get(10, TimeUnit.SECONDS);
                LOG.info("created topic {} with {} partitions", result.getKey(), PARTITIONS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
