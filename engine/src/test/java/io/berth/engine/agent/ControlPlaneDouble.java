package io.berth.engine.agent;

import io.berth.protocol.Topics;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.SignedReport;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.agent.InstructionEnvelope;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The control plane's part, played over the real test broker: produces instruction
 * envelopes to {@code berth.agent.commands} keyed by host id and collects what arrives on
 * {@code berth.agent.reports} from now on.
 */
final class ControlPlaneDouble implements AutoCloseable {

    /** A report as it came: its host (the Kafka key) and its envelope. */
    record Received(String key, ReportEnvelope envelope, Report report) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    ControlPlaneDouble(String kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            AgentTopics.ensure(admin);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.AGENT_REPORTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve "end" now, not at the first poll
        poller = new Thread(this::poll, "test-report-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    SignedReport signed = AgentCodec.decodeSigned(record.value());
                    if (!signed.verifiedBy(TestCredentials.of(signed.hostId()))) {
                        continue; // as the control plane does: a report its host did not sign is not taken
                    }
                    ReportEnvelope envelope = AgentCodec.decodeReport(signed.report());
                    received.add(new Received(record.key(), envelope, AgentCodec.report(envelope)));
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    UUID send(String hostId, Instruction instruction) {
        UUID commandId = UUID.randomUUID();
        send(commandId, hostId, instruction);
        return commandId;
    }

    void send(UUID commandId, String hostId, Instruction instruction) {
        InstructionEnvelope envelope = AgentCodec.wrap(commandId, hostId, "test", instruction);
        try {
            producer.send(new ProducerRecord<>(Topics.AGENT_COMMANDS, hostId, AgentCodec.seal(envelope,
                    TestCredentials.of(hostId)))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send the instruction", e);
        }
    }

    List<Received> from(String hostId) {
        return received.stream().filter(r -> hostId.equals(r.key())).collect(Collectors.toList());
    }

    List<Received> answering(UUID commandId) {
        return received.stream().filter(r -> commandId.equals(r.envelope().commandId())).collect(Collectors.toList());
    }

    /** Waits for a report of {@code type} from the host matching {@code match}. */
    <T extends Report> T await(String hostId, Class<T> type, Predicate<T> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : from(hostId)) {
                if (type.isInstance(r.report()) && match.test(type.cast(r.report()))) {
                    return type.cast(r.report());
                }
            }
            sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " from " + hostId + " within " + timeout
                + "; got " + describe(from(hostId)));
    }

    <T extends Report> T await(String hostId, Class<T> type, Predicate<T> match) {
        return await(hostId, type, match, Duration.ofSeconds(30));
    }

    /** Waits until the command's answer holds a report of {@code type}; returns all its reports. */
    List<Report> awaitAnswer(UUID commandId, Class<? extends Report> last) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Report> reports = answering(commandId).stream().map(Received::report).toList();
            if (reports.stream().anyMatch(last::isInstance)) {
                return reports;
            }
            sleep(50);
        }
        throw new AssertionError("command " + commandId + " got no " + last.getSimpleName() + "; got "
                + describe(answering(commandId)));
    }

    static String describe(List<Received> reports) {
        List<String> out = new ArrayList<>();
        reports.forEach(r -> out.add(r.report().toString()));
        return String.join("\n  ", out);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
