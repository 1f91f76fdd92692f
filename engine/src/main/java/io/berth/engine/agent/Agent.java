package io.berth.engine.agent;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One host's agent: its identity, its Kafka connection and its health endpoint. */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final String hostId;
    private final KafkaConnection kafka;
    private final HealthServer health;

    private Agent(String hostId, KafkaConnection kafka, HealthServer health) {
        this.hostId = hostId;
        this.kafka = kafka;
        this.health = health;
    }

    public static Agent start(AgentConfig config) {
        String hostId = HostIdentity.loadOrCreate(config.stateDir());
        KafkaConnection kafka = new KafkaConnection(config.kafkaBootstrap(), Duration.ofSeconds(5));
        try {
            HealthServer health = new HealthServer(config.healthPort(), hostId, kafka);
            LOG.info("agent for host {} started: state {}, Kafka {}, health http://127.0.0.1:{}/health, labels {}",
                    hostId, config.stateDir(), config.kafkaBootstrap(), health.port(), config.labels());
            return new Agent(hostId, kafka, health);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String hostId() {
        return hostId;
    }

    public int healthPort() {
        return health.port();
    }

    public KafkaConnection.Status kafkaStatus() {
        return kafka.status();
    }

    @Override
    public void close() {
        health.close();
        kafka.close();
        LOG.info("agent for host {} stopped", hostId);
    }
}
