package io.berth.controlplane.agents;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.agent.SignedReport;
import io.berth.protocol.agent.UnreadableMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes {@code berth.agent.reports} in a consumer group on its own thread, checks each
 * report's MAC against the host it names ({@link ReportVerification}; a report that fails is
 * recorded by {@link ReportRefusals} and never applied) and hands it to {@link ReportHandler}, which appends it idempotently (report id = command id of the
 * append). Offsets are committed only after a record was handled, and a record that fails is
 * retried (the partition is rewound to it) rather than skipped: at least once in, exactly once
 * into the log.
 */
@ApplicationScoped
public class ReportIngestor {

    private static final Logger LOG = Logger.getLogger(ReportIngestor.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(1);

    private final AgentsConfig config;
    private final Map<String, Object> kafkaConfig;
    private final ReportHandler handler;
    private final ReportPipeline pipeline;
    private final ReportVerification verification;
    private final ReportRefusals refusals;
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    public ReportIngestor(AgentsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            ReportHandler handler, ReportPipeline pipeline, ReportVerification verification, ReportRefusals refusals) {
        this.pipeline = pipeline;
        this.verification = verification;
        this.refusals = refusals;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.handler = handler;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        AgentTopics.ensure(kafkaConfig, config);
        Map<String, Object> c = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                c.put(key, value);
            }
        });
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.reportsGroup());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "berth-report-ingestor");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        thread = new Thread(this::run, "berth-report-ingestor");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.reportsTopic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                pipeline.polled(connected());
                if (!records.isEmpty()) {
                    pipeline.received(config.heartbeatInterval().multipliedBy(2));
                }
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition partition : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!handle(record)) {
                            consumer.seek(partition, record.offset());
                            break;
                        }
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                    }
                }
                if (!done.isEmpty()) {
                    try {
                        // bounded: a commit blocked on a missing coordinator (broker restart) would
                        // otherwise hold this thread for a minute, and ReportPipeline, updated only
                        // between polls, would go on calling a dead pipe connected
                        consumer.commitSync(done, COMMIT_TIMEOUT);
                    } catch (WakeupException stopping) {
                        throw stopping;
                    } catch (RuntimeException e) {
                        // redelivered later and appended nothing twice (report ids)
                        LOG.warnf("committing report offsets failed: %s", e.getMessage());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.errorf(e, "report ingestion stopped");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether the consumer holds a connection to any broker (its connection-count metric). */
    private boolean connected() {
        for (var metric : consumer.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-count")
                    && metric.getKey().group().equals("consumer-metrics")) {
                Object value = metric.getValue().metricValue();
                return value instanceof Number n && n.doubleValue() > 0;
            }
        }
        return true;
    }

    private boolean refuse(SignedReport signed, String reason, String where) {
        String reportId;
        try {
            reportId = AgentCodec.decodeReport(signed.report()).reportId().toString();
        } catch (RuntimeException unreadable) {
            reportId = null;
        }
        try {
            refusals.record(signed.hostId(), signed.generation(), reportId, reason, where);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "recording the refusal of the report at %s failed; retrying", where);
            return false;
        }
    }

    /** True when the record is done with (handled or unreadable), false to retry it. */
    private boolean handle(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        SignedReport signed;
        try {
            signed = AgentCodec.decodeSigned(record.value());
        } catch (UnreadableMessageException e) {
            LOG.warnf("skipping unreadable report at %s: %s", where, e.getMessage());
            return true;
        }
        ReportEnvelope envelope;
        try {
            envelope = verification.verify(signed);
        } catch (ReportVerification.Refused | UnreadableMessageException e) {
            return refuse(signed, e.getMessage(), where);
        }
        try {
            handler.handle(envelope);
            return true;
        } catch (UnreadableMessageException e) {
            LOG.warnf("skipping report %s: %s", envelope.reportId(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "report %s (%s from %s) failed; retrying", envelope.reportId(), envelope.type(),
                    envelope.hostId());
            try {
                Thread.sleep(500);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
