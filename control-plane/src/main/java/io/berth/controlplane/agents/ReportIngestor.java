package io.berth.controlplane.agents;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.agent.SignedReport;
import io.berth.protocol.agent.UnreadableMessageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import io.berth.controlplane.eventstore.StreamAppend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<TopicPartition, OffsetAndMetadata> lastDone = new HashMap<>();

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
                    List<ConsumerRecord<String, byte[]>> batch = records.records(partition);
                    long doneUpTo = handle(batch);
                    if (doneUpTo >= 0) {
                        done.put(partition, new OffsetAndMetadata(doneUpTo + 1));
                    }
                    if (doneUpTo < batch.get(batch.size() - 1).offset()) {
                        // the first record not done comes again
                        consumer.seek(partition, doneUpTo < 0 ? batch.get(0).offset() : doneUpTo + 1);
                    }
                }
                if (!done.isEmpty()) {
                    // Not waited for: the next reports must not queue behind the group coordinator's
                    // write (~10 ms on a busy machine; a minute while a broker restarts). A commit
                    // that fails or is lost only means those reports come again and append nothing
                    // (report ids).
                    consumer.commitAsync(done, (offsets, error) -> {
                        if (error != null) {
                            LOG.warnf("committing report offsets failed: %s", error.getMessage());
                        }
                    });
                    lastDone.putAll(done);
                }
            }
        } catch (WakeupException stopping) {
            // shutdown
        } catch (RuntimeException e) {
            LOG.errorf(e, "report ingestion stopped");
        } finally {
            commitOnStop();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The offsets handled last, committed once more and waited for when ingestion stops. */
    private void commitOnStop() {
        if (lastDone.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(lastDone, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("committing report offsets at stop failed (they come again, appending nothing): %s",
                    e.getMessage());
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

    /**
     * Handles one partition's records in order; returns the offset of the last one done with
     * (handled, refused or unreadable), -1 if none. Consecutive facts about containers (a
     * container's prepared and started, say) are appended together in one round trip; the
     * first record that fails stops the partition there, to be retried.
     */
    private long handle(List<ConsumerRecord<String, byte[]>> records) {
        long doneUpTo = -1;
        var facts = new ArrayList<StreamAppend>();
        long factsUpTo = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
            Incoming incoming = verified(record);
            ReportEnvelope envelope = incoming.envelope();
            Report report = envelope == null ? null : decoded(envelope);
            Optional<StreamAppend> fact = report == null ? Optional.empty() : handler.containerFact(envelope, report);
            if (fact.isPresent()) {
                facts.add(fact.get());
                factsUpTo = record.offset();
                continue;
            }
            if (!appendPending(facts, factsUpTo)) {
                return doneUpTo;
            }
            doneUpTo = Math.max(doneUpTo, factsUpTo);
            // an unreadable report was logged by decoded() and is skipped
            if (report != null && !retrying(() -> handler.handle(envelope, report),
                    "report " + envelope.reportId() + " (" + envelope.type() + " from " + envelope.hostId() + ")")) {
                return doneUpTo;
            }
            if (envelope == null && !incoming.doneWith()) {
                return doneUpTo; // its refusal could not be recorded: retried
            }
            doneUpTo = record.offset();
        }
        if (!appendPending(facts, factsUpTo)) {
            return doneUpTo;
        }
        return Math.max(doneUpTo, factsUpTo);
    }

    /** Appends the facts gathered so far, if any, and forgets them; false if that failed (retried later). */
    private boolean appendPending(List<StreamAppend> facts, long upTo) {
        if (facts.isEmpty()) {
            return true;
        }
        if (!retrying(() -> handler.appendFacts(facts), "container facts up to offset " + upTo)) {
            return false;
        }
        facts.clear();
        return true;
    }

    /**
     * The report an envelope carries, decoded once for both the fact check and its handling;
     * null, said in the log, if unreadable: it is skipped.
     */
    private static Report decoded(ReportEnvelope envelope) {
        try {
            return AgentCodec.report(envelope);
        } catch (UnreadableMessageException e) {
            LOG.warnf("skipping report %s (%s from %s): %s", envelope.reportId(), envelope.type(), envelope.hostId(),
                    e.getMessage());
            return null;
        }
    }

    /**
     * A record as read: the verified report, or none — then {@code doneWith} says whether the
     * record is finished (unreadable, or refused and recorded) or must be retried.
     */
    private record Incoming(ReportEnvelope envelope, boolean doneWith) {
    }

    private Incoming verified(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        SignedReport signed;
        try {
            signed = AgentCodec.decodeSigned(record.value());
        } catch (UnreadableMessageException e) {
            LOG.warnf("skipping unreadable report at %s: %s", where, e.getMessage());
            return new Incoming(null, true);
        }
        try {
            return new Incoming(verification.verify(signed), true);
        } catch (ReportVerification.Refused | UnreadableMessageException e) {
            return new Incoming(null, refuse(signed, e.getMessage(), where));
        }
    }

    /** Runs {@code work}; false (after a pause) when it failed and must be retried. */
    private boolean retrying(Runnable work, String what) {
        try {
            work.run();
            return true;
        } catch (UnreadableMessageException e) {
            LOG.warnf("skipping %s: %s", what, e.getMessage());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s failed; retrying", what);
            try {
                Thread.sleep(500);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
