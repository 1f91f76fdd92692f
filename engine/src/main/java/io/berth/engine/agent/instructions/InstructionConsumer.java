package io.berth.engine.agent.instructions;

import io.berth.engine.agent.AgentTopics;
import io.berth.engine.agent.reports.Reporter;
import io.berth.protocol.Topics;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.SealedInstruction;
import io.berth.protocol.agent.HostReports.InstructionFailed;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.agent.InstructionEnvelope;
import io.berth.protocol.agent.UnreadableMessageException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this host's instructions from {@code berth.agent.commands} and applies them one
 * after the other, on its own thread.
 *
 * <p>Scaling to thousands of hosts: no consumer-group rebalancing. The agent assigns itself
 * exactly the partition the default partitioner maps its host id to ({@link HostPartition})
 * and skips records with other keys. Each record is a {@link io.berth.protocol.agent.SealedInstruction}:
 * the agent applies only what opens with its own credential (sealed for this host, this
 * credential generation, unaltered), and skips anything else with an error in its log. Its offsets are committed under its own group id,
 * {@code berth-agent-<hostId>}, after each instruction is applied, journaled and its reports
 * acknowledged (without waiting for the commit): a crash anywhere before that commit landed
 * redelivers the instruction, which the {@link AppliedCommands journal} or the host's own state
 * turns into a no-op.
 *
 * <p>A host with no committed offset starts at the partition's end, and commits that
 * position before it reports itself ready, so that nothing sent after its first heartbeat
 * can be skipped. The partition count is checked every minute; when it changed, the agent
 * moves to its new partition from that partition's beginning.
 */
public final class InstructionConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InstructionConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration PARTITION_CHECK = Duration.ofMinutes(1);
    private static final Duration SKIP_COMMIT_INTERVAL = Duration.ofSeconds(5);

    private final String hostId;
    private final HostCredential credential;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final AppliedCommands journal;
    private final InstructionApplier applier;
    private final Reporter reporter;
    private final Runnable onFirstReady;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;

    private TopicPartition assigned;
    private int partitions;
    private long nextPartitionCheck;
    private long uncommittedSkip = -1;
    private Map<TopicPartition, OffsetAndMetadata> lastCommit;
    private long lastSkipCommit;

    public InstructionConsumer(String bootstrapServers, HostCredential credential, AppliedCommands journal,
            InstructionApplier applier, Reporter reporter, Runnable onFirstReady) {
        this.hostId = credential.hostId();
        this.credential = credential;
        this.journal = journal;
        this.applier = applier;
        this.reporter = reporter;
        this.onFirstReady = onFirstReady;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "berth-agent-" + hostId,
                ConsumerConfig.CLIENT_ID_CONFIG, "berth-agent-commands-" + hostId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "berth-agent-admin-" + hostId));
        this.thread = new Thread(this::loop, "agent-instructions");
    }

    public void start() {
        started = true;
        thread.start();
    }

    /** Whether the agent's position in its partition is committed, so it may announce itself. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        long backoff = 500;
        while (running) {
            try {
                if (assigned == null || System.nanoTime() > nextPartitionCheck && partitionCountChanged()) {
                    assign();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (!hostId.equals(record.key())) {
                        uncommittedSkip = record.offset() + 1;
                        continue;
                    }
                    handle(record);
                    commit(record.offset() + 1);
                }
                if (uncommittedSkip >= 0 && System.nanoTime() - lastSkipCommit > SKIP_COMMIT_INTERVAL.toNanos()) {
                    commit(uncommittedSkip); // other hosts' records: move past them now and then
                }
                backoff = 500;
            } catch (WakeupException | InterruptException e) {
                if (!running) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                LOG.warn("instruction loop failed; resuming from the last committed offset in {} ms: {}", backoff,
                        e.toString());
                assigned = null; // seek back to the committed offset: the failed instruction comes again
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
        commitOnStop();
        consumer.close(Duration.ofSeconds(2));
    }

    private void assign() throws Exception {
        AgentTopics.ensure(admin);
        int count = consumer.partitionsFor(Topics.AGENT_COMMANDS, Duration.ofSeconds(10)).size();
        boolean moved = partitions != 0 && count != partitions;
        TopicPartition partition = new TopicPartition(Topics.AGENT_COMMANDS, HostPartition.of(hostId, count));
        consumer.assign(List.of(partition));
        OffsetAndMetadata committed = consumer.committed(Set.of(partition), Duration.ofSeconds(10)).get(partition);
        if (committed != null) {
            consumer.seek(partition, committed.offset());
        } else {
            if (moved) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seekToEnd(List.of(partition));
            }
            long position = consumer.position(partition, Duration.ofSeconds(10));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(position)));
        }
        assigned = partition;
        partitions = count;
        uncommittedSkip = -1;
        nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        LOG.info("host {} reads instructions from {} (of {} partitions) at offset {}", hostId, partition, count,
                consumer.position(partition));
        if (ready.getCount() > 0) {
            onFirstReady.run();
            ready.countDown();
        }
    }

    private boolean partitionCountChanged() {
        nextPartitionCheck = System.nanoTime() + PARTITION_CHECK.toNanos();
        int count = consumer.partitionsFor(Topics.AGENT_COMMANDS, Duration.ofSeconds(10)).size();
        if (count != partitions) {
            LOG.warn("{} now has {} partitions (was {}): moving to this host's new partition", Topics.AGENT_COMMANDS,
                    count, partitions);
            return true;
        }
        return false;
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws Exception {
        InstructionEnvelope envelope;
        try {
            envelope = AgentCodec.openInstruction(record.value(), credential);
        } catch (SealedInstruction.NotForThisHostException e) {
            LOG.error("refusing the instruction at {}@{}: {}", record.partition(), record.offset(), e.getMessage());
            return;
        } catch (UnreadableMessageException e) {
            // Without a command id there is nobody to answer: log it and move on.
            LOG.error("skipping an unreadable instruction at {}@{}: {}", record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        if (!hostId.equals(envelope.hostId())) {
            LOG.error("instruction {} keyed for this host names host {}; skipping it", envelope.commandId(),
                    envelope.hostId());
            return;
        }
        Optional<AppliedCommands.Entry> applied = journal.find(envelope.commandId());
        if (applied.isPresent()) {
            LOG.info("command {} ({}) was applied before; sending its {} report(s) again", envelope.commandId(),
                    envelope.type(), applied.get().reports().size());
            CommandOutcome.resend(reporter, applied.get().reports());
            return;
        }
        CommandOutcome outcome = new CommandOutcome(reporter, envelope.commandId());
        long applying = System.nanoTime();
        try {
            Instruction instruction = AgentCodec.instruction(envelope);
            LOG.info("applying command {} ({}) from {}", envelope.commandId(), envelope.type(), envelope.actor());
            applier.apply(instruction, outcome);
        } catch (UnreadableMessageException e) {
            outcome.report(new InstructionFailed(envelope.type(), e.getMessage(), true));
        }
        // its reports are on their way now (journaling and their acknowledgement follow)
        LOG.info("applied command {} in {} ms", envelope.commandId(), (System.nanoTime() - applying) / 1_000_000);
        journal.record(envelope.commandId(), envelope.type(), outcome.envelopes());
        outcome.awaitDelivery();
    }

    /**
     * Commits without waiting: the next instruction must not queue behind the group
     * coordinator's write (~10 ms on a busy host). Commits from one consumer complete in order; one
     * that is lost (the agent dies first, or the broker is away) only means instructions come
     * again, which the journal answers with their first reports.
     */
    private void commit(long nextOffset) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsets.put(assigned, new OffsetAndMetadata(nextOffset));
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("committing instruction offset {} failed (the instructions after the last commit come"
                        + " again; the journal answers them): {}", nextOffset, error.toString());
            }
        });
        lastCommit = offsets;
        uncommittedSkip = -1;
        lastSkipCommit = System.nanoTime();
    }

    /** The last commit once more, waited for, when the agent stops. */
    private void commitOnStop() {
        if (lastCommit == null) {
            return;
        }
        try {
            consumer.commitSync(lastCommit, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warn("committing the instruction offset at stop failed (those instructions come again): {}",
                    e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (started) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(2));
        }
        admin.close(Duration.ofSeconds(2));
    }
}
