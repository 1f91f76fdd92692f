package io.berth.controlplane.agents;

import io.berth.protocol.Topics;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerInstructions;
import io.berth.protocol.agent.ContainerReports;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.HostInstructions;
import io.berth.protocol.agent.HostReports;
import io.berth.protocol.agent.ImageInstructions;
import io.berth.protocol.agent.ImageReports;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.agent.InstructionEnvelope;
import io.berth.protocol.agent.Report;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays an agent's part over Kafka only: heartbeats, and answers each instruction for its host
 * the way a real agent reports (created/started, exited, removed, image stored), applying each
 * command id once. It enrolls through the REST API first, signs its reports and opens its
 * sealed instructions with the credential, as a real agent does. Used by ITs that test the
 * control plane without runc.
 */
public class SimulatedAgent implements AutoCloseable {

    public static final String IMAGE_ID = "sha256:" + "1".repeat(64);

    private final String hostId;
    private final HostCredential credential;
    private final Map<String, String> labels;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean heartbeating = true;
    private volatile boolean answering = true;
    private final Set<UUID> applied = ConcurrentHashMap.newKeySet();
    public final List<InstructionEnvelope> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger pids = new AtomicInteger(1000);

    public SimulatedAgent(String bootstrap, String hostId, Map<String, String> labels) {
        this.hostId = hostId;
        this.credential = AgentEnrollments.enroll(hostId);
        this.labels = labels;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "sim-" + hostId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "simulated-agent-" + hostId);
        thread.setDaemon(true);
        thread.start();
    }

    public String hostId() {
        return hostId;
    }

    /** Stops heartbeats (the host goes silent) or resumes them. */
    public void heartbeating(boolean on) {
        heartbeating = on;
    }

    /** Keeps receiving but stops reporting (a host that took the instruction and died). */
    public void answering(boolean on) {
        answering = on;
    }

    public void report(UUID commandId, Report report) {
        send(AgentCodec.wrap(hostId, commandId, report));
    }

    public void send(ReportEnvelope envelope) {
        try {
            producer.send(new ProducerRecord<>(Topics.AGENT_REPORTS, hostId, AgentCodec.sign(envelope, credential)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void storeImage(String reference) {
        report(null, new ImageReports.ImageStored(IMAGE_ID, "sha256:" + "2".repeat(64), List.of(reference), 1_000_000,
                null, List.of()));
    }

    private void run() {
        consumer.subscribe(List.of(Topics.AGENT_COMMANDS));
        long nextBeat = 0;
        while (running) {
            if (heartbeating && System.currentTimeMillis() >= nextBeat) {
                report(null, new HostReports.Heartbeat(hostId, labels, new HostCapacity(4, 8L << 30, 100L << 30),
                        new HostVersions("sim", "none", "6", "test"), 0, 0));
                nextBeat = System.currentTimeMillis() + 500;
            }
            for (var record : consumer.poll(Duration.ofMillis(50))) {
                if (!hostId.equals(record.key())) {
                    continue;
                }
                InstructionEnvelope envelope = AgentCodec.openInstruction(record.value(), credential);
                received.add(envelope);
                if (answering && applied.add(envelope.commandId())) {
                    answer(envelope.commandId(), AgentCodec.instruction(envelope));
                }
            }
        }
    }

    private void answer(UUID command, Instruction instruction) {
        Instant now = Instant.now();
        if (instruction instanceof ContainerInstructions.RunContainer r) {
            report(command, new ContainerReports.ContainerCreated(r.containerId(), IMAGE_ID));
            if (r.start()) {
                report(command, new ContainerReports.ContainerStarted(r.containerId(), pids.incrementAndGet(),
                        "10.88.0.2", now));
            }
        } else if (instruction instanceof ContainerInstructions.StartContainer s) {
            report(command, new ContainerReports.ContainerStarted(s.containerId(), pids.incrementAndGet(), null, now));
        } else if (instruction instanceof ContainerInstructions.StopContainer s) {
            report(command, new ContainerReports.ContainerExited(s.containerId(), 143, false, true, 0, now));
        } else if (instruction instanceof ContainerInstructions.KillContainer s) {
            report(command, new ContainerReports.ContainerExited(s.containerId(), 137, false, true, 0, now));
        } else if (instruction instanceof ContainerInstructions.RestartContainer s) {
            report(command, new ContainerReports.ContainerExited(s.containerId(), 143, false, true, 0, now));
            report(command, new ContainerReports.ContainerStarted(s.containerId(), pids.incrementAndGet(), null, now));
        } else if (instruction instanceof ContainerInstructions.RemoveContainer s) {
            report(command, new ContainerReports.ContainerRemoved(s.containerId()));
        } else if (instruction instanceof ContainerInstructions.CommitContainer c) {
            report(command, new ContainerReports.ContainerCommitted(c.containerId(), "sha256:" + "3".repeat(64),
                    "sha256:" + "4".repeat(64), c.reference(), IMAGE_ID, "sha256:" + "5".repeat(64), c.author(),
                    c.comment()));
        } else if (instruction instanceof ImageInstructions.ImportImage i) {
            report(command, new ImageReports.ImageStored(IMAGE_ID, "sha256:" + "2".repeat(64),
                    List.of(i.defaultRepository() == null ? "busybox:latest" : i.defaultRepository()), 1000, null,
                    List.of()));
        } else if (instruction instanceof ImageInstructions.TagImage t) {
            report(command, new ImageReports.ImageTagged(t.source(), t.target()));
        } else if (instruction instanceof HostInstructions.Reconcile) {
            // nothing to converge in a simulation; the IT reads what it was sent
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
