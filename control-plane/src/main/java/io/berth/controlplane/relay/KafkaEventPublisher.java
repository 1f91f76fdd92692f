package io.berth.controlplane.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes stored events to one Kafka topic: key = stream id (so a stream's events stay in
 * order on one partition), value = the event as JSON, headers {@value #EVENT_ID},
 * {@value #EVENT_TYPE}, {@value #SCHEMA_VERSION}, {@value #POSITION}. The producer is idempotent
 * with {@code acks=all}; {@link #publish} returns only when Kafka acknowledged every record.
 * Delivery is at least once: consumers de-duplicate by event id.
 */
public class KafkaEventPublisher implements AutoCloseable {

    public static final String EVENT_ID = "event-id";
    public static final String EVENT_TYPE = "event-type";
    public static final String SCHEMA_VERSION = "schema-version";
    public static final String POSITION = "position";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper mapper;

    public KafkaEventPublisher(Map<String, Object> kafkaConfig, String topic, ObjectMapper mapper) {
        this.topic = topic;
        this.mapper = mapper;
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "berth-relay");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the topic if it does not exist yet. */
    public static void ensureTopic(Map<String, Object> kafkaConfig, String topic, int partitions) throws Exception {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        try (AdminClient admin = AdminClient.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) -1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Sends the batch and waits until every record is acknowledged by all in-sync replicas. */
    public void publish(List<StoredEvent> batch) throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (StoredEvent event : batch) {
            var record = new ProducerRecord<>(topic, null, event.recordedAt().toEpochMilli(), event.streamId(),
                    json(event), List.of(
                            header(EVENT_ID, event.eventId().toString()),
                            header(EVENT_TYPE, event.type()),
                            header(SCHEMA_VERSION, Integer.toString(event.schemaVersion())),
                            header(POSITION, Long.toString(event.position()))));
            sent.add(producer.send(record));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(2, TimeUnit.MINUTES);
        }
    }

    private byte[] json(StoredEvent event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " does not serialize", e);
        }
    }

    private static RecordHeader header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
