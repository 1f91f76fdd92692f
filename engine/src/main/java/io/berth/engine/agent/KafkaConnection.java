package io.berth.engine.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the agent's connection to Kafka by describing the cluster every few seconds, and
 * keeps the last answer for the health endpoint.
 */
public final class KafkaConnection implements AutoCloseable {

    /** The last check: up or down, why, and when. */
    public record Status(boolean up, String detail, Instant checkedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

    private final AdminClient admin;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kafka-connection-check");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<Status> status =
            new AtomicReference<>(new Status(false, "not checked yet", Instant.now()));

    public KafkaConnection(String bootstrapServers, Duration interval) {
        this.admin = AdminClient.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.CLIENT_ID_CONFIG, "berth-agent-health"));
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Status status() {
        return status.get();
    }

    private void check() {
        Status previous = status.get();
        Status next;
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
            String clusterId = cluster.clusterId().get(4, TimeUnit.SECONDS);
            int brokers = cluster.nodes().get(4, TimeUnit.SECONDS).size();
            next = new Status(true, "cluster " + clusterId + ", " + brokers + " broker(s)", Instant.now());
        } catch (Exception e) {
            String reason = e.getCause() != null ? e.getCause().toString() : e.toString();
            next = new Status(false, reason, Instant.now());
        }
        if (previous.up() != next.up()) {
            LOG.info("Kafka connection {}: {}", next.up() ? "UP" : "DOWN", next.detail());
        }
        status.set(next);
    }

    @Override
    public void close() {
        checker.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
