package io.berth.controlplane.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.Topics;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostLost;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The control plane's own relay publishes committed events to berth.events. */
@QuarkusTest
class EventRelayIT {

    @Inject
    EventStore store;
    @Inject
    ObjectMapper mapper;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void committedEventsArriveKeyedByStreamWithIdTypeAndSchemaHeaders() throws Exception {
        String hostId = "relay-" + UUID.randomUUID();
        String stream = "host-" + hostId;
        store.appendRecords(stream, ExpectedVersion.noStream(), List.of(new HostLost(hostId, "silent"), new HostBack(hostId)),
                EventMetadata.system("test")).await().atMost(Duration.ofSeconds(30));
        List<StoredEvent> stored = store.readStream(stream).await().atMost(Duration.ofSeconds(30));

        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaConfig.get("bootstrap.servers"));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "relay-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ours.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (stream.equals(r.key())) {
                        ours.add(r);
                    }
                });
            }
        }
        assertThat(ours).hasSize(2);
        for (int i = 0; i < 2; i++) {
            var record = ours.get(i);
            StoredEvent expected = stored.get(i);
            assertThat(header(record, KafkaEventPublisher.EVENT_ID)).isEqualTo(expected.eventId().toString());
            assertThat(header(record, KafkaEventPublisher.EVENT_TYPE)).isEqualTo(expected.type());
            assertThat(header(record, KafkaEventPublisher.SCHEMA_VERSION)).isEqualTo("1");
            var body = mapper.readTree(record.value());
            assertThat(body.get("streamVersion").asLong()).isEqualTo(expected.streamVersion());
            assertThat(body.get("data")).isEqualTo(expected.data());
            assertThat(body.get("hash").asText()).isEqualTo(expected.hash());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
