package io.berth.engine.agent;

import io.berth.engine.agent.channel.AgentChannel;
import io.berth.engine.agent.containers.ContainerIntents;
import io.berth.engine.agent.enrollment.Enrollment;
import io.berth.engine.agent.enrollment.StoredCredential;
import io.berth.engine.agent.containers.ContainerLocks;
import io.berth.engine.agent.containers.ContainerReporting;
import io.berth.engine.agent.containers.ContainerWatch;
import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.agent.containers.ReportedRuns;
import io.berth.engine.agent.instructions.AppliedCommands;
import io.berth.engine.agent.instructions.ContainerActions;
import io.berth.engine.agent.instructions.ImageActions;
import io.berth.engine.agent.instructions.ImageUploads;
import io.berth.engine.agent.instructions.InstructionApplier;
import io.berth.engine.agent.instructions.InstructionConsumer;
import io.berth.engine.agent.instructions.Reconciler;
import io.berth.engine.agent.reports.Heartbeats;
import io.berth.engine.agent.reports.HostFacts;
import io.berth.engine.agent.reports.Reporter;
import io.berth.engine.host.HostEngine;
import io.berth.engine.runtime.RuncContainerRuntime;
import io.berth.protocol.agent.HostCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's agent: its identity, its engine, the instructions it takes from Kafka and the
 * reports it sends back, its heartbeat, its channel to the control plane for logs and exec,
 * and its health endpoint.
 *
 * <p>Before anything else the agent needs its host credential (stored, or enrolled for with a
 * one-time token): it signs every report and opens every instruction.
 *
 * <p>Start-up order matters: the engine opens (taking over the containers a previous agent
 * left), then the instruction consumer takes its partition and commits its position, the
 * agent reconciles the host with what it was last told, and only then do heartbeats start —
 * the first heartbeat is what makes the host known, so instructions cannot be sent to it
 * before it listens.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** How often exits and restarts hidden from the watcher (lost events, dead monitors) are looked for. */
    private static final Duration SWEEP = Duration.ofSeconds(30);
    /** How long applied command ids are remembered: far longer than any redelivery. */
    private static final Duration JOURNAL_RETENTION = Duration.ofDays(7);

    private final String hostId;
    private final List<AutoCloseable> parts;
    private final HealthServer health;
    private final KafkaConnection kafka;
    private final InstructionConsumer instructions;
    private final AgentChannel channel;
    private final HostEngine engine;

    private Agent(String hostId, List<AutoCloseable> parts, HealthServer health, KafkaConnection kafka,
            InstructionConsumer instructions, AgentChannel channel, HostEngine engine) {
        this.hostId = hostId;
        this.parts = parts;
        this.health = health;
        this.kafka = kafka;
        this.instructions = instructions;
        this.channel = channel;
        this.engine = engine;
    }

    public static Agent start(AgentConfig config) {
        String hostId = HostIdentity.loadOrCreate(config.stateDir());
        StoredCredential stored = Enrollment.credential(config.stateDir(), hostId, config.controlPlaneUrl(),
                config.enrollmentToken());
        HostCredential credential = stored.hostCredential();
        Map<String, String> labels = new LinkedHashMap<>(stored.labels());
        labels.putAll(config.labels()); // the host's own settings win over the token's
        List<AutoCloseable> opened = new ArrayList<>(); // closed in reverse on failure and on close
        try {
            KafkaConnection kafka = opened(opened, new KafkaConnection(config.kafkaBootstrap(), Duration.ofSeconds(5)));
            HostEngine engine = opened(opened, HostEngine.open(config.stateDir()));
            Path agentDir = config.stateDir().resolve("agent");

            Reporter reporter = opened(opened, new Reporter(config.kafkaBootstrap(), credential));
            ReportSink observations = reporter::send;
            ContainerIntents intents = new ContainerIntents(agentDir.resolve("containers"));
            ContainerLocks locks = new ContainerLocks();
            ContainerReporting reporting = new ContainerReporting(new ReportedRuns(agentDir.resolve("reported")));
            ContainerWatch watch = opened(opened, new ContainerWatch(engine, intents, locks, reporting, observations));
            ContainerActions containers = new ContainerActions(engine, intents, locks, reporting, watch);
            ImageActions images = new ImageActions(engine,
                    new ImageUploads(config.controlPlaneUrl(), credential));
            Reconciler reconciler = new Reconciler(engine, intents, locks, containers, watch);

            AppliedCommands journal = new AppliedCommands(agentDir.resolve("applied"));
            int pruned = journal.prune(JOURNAL_RETENTION);
            if (pruned > 0) {
                LOG.info("forgot {} applied command(s) older than {}", pruned, JOURNAL_RETENTION);
            }
            InstructionConsumer consumer = opened(opened, new InstructionConsumer(config.kafkaBootstrap(), credential,
                    journal, new InstructionApplier(containers, images, reconciler), reporter,
                    () -> {
                        reconciler.local(observations);
                        watch.sweepEvery(SWEEP);
                    }));
            HostFacts facts = new HostFacts(config.stateDir(), RuncContainerRuntime.Options.defaults().runc());
            Heartbeats heartbeats = opened(opened, new Heartbeats(reporter, engine.runtime(), facts,
                    config.name(), labels, consumer::isReady));
            AgentChannel channel = opened(opened, new AgentChannel(config.controlPlaneUrl(), credential,
                    facts.versions().engine(), engine.runtime(), engine::diff));
            HealthServer health = opened(opened, new HealthServer(config.healthPort(), hostId, kafka));

            consumer.start();
            heartbeats.start(config.heartbeatInterval());
            channel.start();
            LOG.info("agent for host {} ({}) started: state {}, Kafka {}, control plane {}, health"
                    + " http://127.0.0.1:{}/health, labels {}", hostId, config.name(), config.stateDir(),
                    config.kafkaBootstrap(), config.controlPlaneUrl(), health.port(), labels);
            return new Agent(hostId, opened, health, kafka, consumer, channel, engine);
        } catch (IOException e) {
            closeAll(opened);
            throw new UncheckedIOException("cannot open the engine in " + config.stateDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T part) {
        opened.add(part);
        return part;
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

    /** Waits until the agent takes instructions (its partition position is committed). */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return instructions.awaitReady(timeout);
    }

    public boolean channelConnected() {
        return channel.isConnected();
    }

    public HostEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        closeAll(parts);
        LOG.info("agent for host {} stopped", hostId);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", parts.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
