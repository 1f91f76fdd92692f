package io.berth.controlplane.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.hosts.HostDrained;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The relay's process dies with SIGKILL after Kafka acknowledged a batch of committed events
 * and before its checkpoint committed; a new relay process resumes from the checkpoint.
 * Every event reaches Kafka, some twice; de-duplicated by event id, each exactly once.
 */
@QuarkusTest
class RelayCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EventStore store;
    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String pgUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String pgUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String pgPassword;

    @Test
    void relayProcessKilledAfterKafkaAckBeforeCheckpointRepublishesOnRestartAndConsumersDeduplicate()
            throws Exception {
        String name = "relay-crash-" + UUID.randomUUID();
        String topic = "berth.test.relay-crash." + UUID.randomUUID();
        KafkaEventPublisher.ensureTopic(kafkaConfig, topic, 3);

        // This relay starts where the log ends now, so its first batch holds only our events.
        LogCursor end = endOfLog();
        pool.preparedQuery("INSERT INTO subscription_checkpoints (name, tx_id, position) VALUES ($1, $2::text::xid8, $3)")
                .execute(Tuple.of(name, Long.toUnsignedString(end.txId()), end.position())).await().atMost(WAIT);

        Set<UUID> appended = new HashSet<>();
        for (int s = 0; s < 5; s++) {
            String hostId = "crash-" + s + "-" + UUID.randomUUID();
            List<HostDrained> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(new HostDrained(hostId, "event " + i));
            }
            store.appendRecords("host-" + hostId, ExpectedVersion.noStream(), events, EventMetadata.system("test"))
                    .await().atMost(WAIT);
            store.readStream("host-" + hostId).await().atMost(WAIT).forEach(e -> appended.add(e.eventId()));
        }
        assertThat(appended).hasSize(50);

        Process first = startRelay(name, topic, "stall-after-publish");
        try {
            String line = awaitLine(first, "PUBLISHED");
            assertThat(line).isEqualTo("PUBLISHED 20");
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(checkpoint(name)).as("the checkpoint did not move").isEqualTo(end);

        Process second = startRelay(name, topic, "run");
        List<UUID> received;
        try {
            received = consume(topic, appended);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(new HashSet<>(received)).isEqualTo(appended);
        assertThat(received).as("the first batch was published twice: at least once, not exactly once")
                .hasSize(70);
        assertThat(checkpoint(name)).isGreaterThan(end);
    }

    private LogCursor endOfLog() {
        var tail = new LogTail(new EventRows(mapper));
        LogCursor cursor = LogCursor.START;
        while (true) {
            List<StoredEvent> batch = tail.read(pool, cursor, 5000).await().atMost(WAIT);
            if (batch.isEmpty()) {
                return cursor;
            }
            cursor = batch.get(batch.size() - 1).cursor();
        }
    }

    private LogCursor checkpoint(String name) {
        var row = pool.preparedQuery("SELECT tx_id::text, position FROM subscription_checkpoints WHERE name = $1")
                .execute(Tuple.of(name)).await().atMost(WAIT).iterator().next();
        return new LogCursor(Long.parseUnsignedLong(row.getString(0)), row.getLong(1));
    }

    private Process startRelay(String name, String topic, String mode) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        var builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, RelayChildProcess.class.getName(),
                pgUrl, pgUser, pgPassword, String.valueOf(kafkaConfig.get("bootstrap.servers")), name, topic, "20",
                mode);
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /** Waits for a line of the child's output starting with {@code prefix}; fails if it exits first. */
    private static String awaitLine(Process process, String prefix) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + WAIT.toNanos();
        var output = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            output.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("relay child never printed " + prefix + "; output:\n" + output);
    }

    /** Our events' ids as consumed, duplicates included, once every one has arrived. */
    private List<UUID> consume(String topic, Set<UUID> expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<UUID> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    UUID id = UUID.fromString(new String(record.headers().lastHeader(KafkaEventPublisher.EVENT_ID)
                            .value(), StandardCharsets.UTF_8));
                    if (expected.contains(id)) {
                        received.add(id);
                    }
                }
                if (settleUntil == Long.MAX_VALUE && new HashSet<>(received).containsAll(expected)) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // catch late duplicates
                }
            }
        }
        return received;
    }
}
