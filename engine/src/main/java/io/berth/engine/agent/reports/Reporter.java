package io.berth.engine.agent.reports;

import io.berth.protocol.Topics;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.SignedReport;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reports to {@code berth.agent.reports}, keyed by host id: one partition per host,
 * so one host's reports keep their order. The producer is idempotent with {@code acks=all}:
 * its own retries never duplicate or reorder a report. Each report carries a report id the
 * control plane appends at most once, and is signed with the host's credential (a
 * {@link SignedReport}): the control plane applies only reports whose MAC verifies for the host
 * they name.
 */
public final class Reporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final String hostId;
    private final HostCredential credential;
    private final KafkaProducer<String, byte[]> producer;

    public Reporter(String bootstrapServers, HostCredential credential) {
        this.hostId = credential.hostId();
        this.credential = credential;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "berth-agent-reports-" + hostId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // A broker away for minutes: keep retrying rather than drop what happened.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(10).toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    public String hostId() {
        return hostId;
    }

    public ReportEnvelope envelope(UUID commandId, Report report) {
        return AgentCodec.wrap(hostId, commandId, report);
    }

    /** Sends in call order; the future completes when the brokers have it. */
    public CompletableFuture<RecordMetadata> send(ReportEnvelope envelope) {
        return send(envelope, AgentCodec.sign(envelope, credential));
    }

    /**
     * Sends several reports in order, signed first and then handed to the producer back to back:
     * its sender thread then finds them all in one batch (with no linger), so they reach the
     * broker, and the control plane's poll, together.
     */
    public List<CompletableFuture<RecordMetadata>> sendTogether(List<ReportEnvelope> envelopes) {
        List<byte[]> signed = new ArrayList<>(envelopes.size());
        for (ReportEnvelope envelope : envelopes) {
            signed.add(AgentCodec.sign(envelope, credential));
        }
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            acks.add(send(envelopes.get(i), signed.get(i)));
        }
        return acks;
    }

    private CompletableFuture<RecordMetadata> send(ReportEnvelope envelope, byte[] signedBytes) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.AGENT_REPORTS, hostId, signedBytes),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.error("report {} ({}) was not delivered", envelope.reportId(), envelope.type(), error);
                        acked.completeExceptionally(error);
                    } else {
                        acked.complete(metadata);
                    }
                });
        return acked;
    }

    /** A report the agent makes on its own, answering no instruction. */
    public CompletableFuture<RecordMetadata> send(Report report) {
        return send(envelope(null, report));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
