package io.berth.controlplane.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.AppendSignals;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.berth.controlplane.eventstore.FollowerPacing;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.controlplane.eventstore.Subscription;
import io.berth.controlplane.enrollment.HostCredentials;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.Instruction;
import io.berth.protocol.agent.InstructionEnvelope;
import io.berth.protocol.containers.ContainerEvents.ContainerCreated;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * The event table is the outbox of agent instructions: this follower of the log (a checkpointed
 * {@link Subscription}, like the relay) turns each "…requested"/"scheduled" event into an
 * {@link InstructionEnvelope} on {@code berth.agent.commands}, key = host id, command id = the
 * command's id from the event metadata, with an idempotent {@code acks=all} producer, and moves
 * its checkpoint only after Kafka acknowledged the batch. A command that committed is therefore
 * always dispatched (at least once — agents apply a command id once); one that did not commit
 * never is. The instructions of appends this process commits go ahead of that read, from the
 * events the append hands over ({@link DispatchAhead}); the read skips them. Between batches it
 * sends the pending {@link ReconcileRequests} on the same producer.
 */
@ApplicationScoped
public class AgentDispatcher {

    private static final Logger LOG = Logger.getLogger(AgentDispatcher.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgentsConfig config;
    private final EventTypeRegistry types;
    private final Map<String, Object> kafkaConfig;
    private final ReconcileRequests reconcileRequests;
    private final DesiredState desired;
    private final Subscription subscription;
    private final FollowerPacing pacing;
    private final HostCredentials credentials;
    private final AppendSignals signals;
    private final DispatchAhead ahead = new DispatchAhead();
    private KafkaProducer<String, byte[]> producer;
    private volatile boolean running;
    private Thread thread;

    public AgentDispatcher(AgentsConfig config, Pool pool, ObjectMapper mapper, EventTypeRegistry types,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, ReconcileRequests reconcileRequests,
            DesiredState desired, AppendSignals signals, HostCredentials credentials) {
        this.config = config;
        this.pacing = new FollowerPacing(signals, config.dispatchPollInterval(), config.dispatchIdlePollInterval());
        this.credentials = credentials;
        this.signals = signals;
        this.types = types;
        this.kafkaConfig = kafkaConfig;
        this.reconcileRequests = reconcileRequests;
        this.desired = desired;
        this.subscription = new Subscription(config.dispatcherName(), pool, new LogTail(new EventRows(mapper)),
                config.dispatchBatchSize(), config.dispatchPollInterval(), (tx, batch) -> dispatch(batch));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        AgentTopics.ensure(kafkaConfig, config);
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        subscription.ensureCheckpoint();
        signals.onCommitted(ahead::committed);
        running = true;
        thread = new Thread(this::run, "berth-agent-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                c.put(key, value);
            }
        });
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "berth-agent-dispatcher");
        // keep retrying through a broker restart rather than failing the batch early
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return c;
    }

    /**
     * Steps while there is work; when caught up, waits as {@link FollowerPacing} says: woken by the
     * next append this process commits (a command's events: dispatched at once), polling fast only
     * while an append this process committed is not read yet, else at the idle interval (appends
     * by other replicas).
     */
    private void run() {
        while (running) {
            try {
                long beforeStep = pacing.beforeStep();
                sendAhead();
                int handled = subscription.step();
                sendReconciles();
                if (handled < 0) {
                    // another replica follows the log: this one still sends its own commands ahead
                    signals.awaitLogAppend(beforeStep, 1000);
                } else if (handled < config.dispatchBatchSize()) {
                    pacing.awaitNext(beforeStep, subscription.highestRead());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception | Error e) {
                if (!running) {
                    return;
                }
                LOG.warnf(e, "agent dispatcher failed; retrying in 1s");
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Sends the instructions of the appends this process committed since the last look, from
     * their events, before the step reads them back from the log ({@link DispatchAhead}); the
     * step then skips them. Sent ahead only once Kafka acknowledged them all: otherwise the step
     * sends them, again if need be (agents apply a command id once).
     */
    private void sendAhead() throws Exception {
        List<StoredEvent> events = ahead.takeSendable();
        if (events.isEmpty()) {
            return;
        }
        awaitAll(send(events));
        ahead.sentAhead(events);
    }

    /** The step's batch: everything not sent ahead, in log order. */
    private void dispatch(List<StoredEvent> batch) throws Exception {
        awaitAll(send(batch.stream().filter(event -> !ahead.wasSentAhead(event)).toList()));
        ahead.dispatched(batch);
    }

    /** Sends the instructions among {@code events}, in order. */
    private List<Future<RecordMetadata>> send(List<StoredEvent> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        // a run's created event usually comes in the same batch as its scheduled one: no read then
        Map<String, ContainerCreated> created = new HashMap<>();
        for (StoredEvent stored : events) {
            if (!(stored.type().startsWith("container.") || stored.type().startsWith("image."))
                    || !types.knows(stored.type(), stored.schemaVersion())) {
                continue;
            }
            Object event = types.decode(stored);
            if (event instanceof ContainerCreated c) {
                created.put(stored.streamId(), c);
            }
            var addressed = InstructionMapper.map(event, () -> created.containsKey(stored.streamId())
                    ? created.get(stored.streamId()) : definition(stored.streamId()));
            if (addressed.isEmpty()) {
                continue;
            }
            UUID commandId = commandId(stored);
            String actor = text(stored.metadata(), "actor");
            sent.add(send(addressed.get().hostId(), commandId, actor, addressed.get().instruction()));
        }
        return sent;
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) throws Exception {
        for (Future<RecordMetadata> future : sent) {
            future.get(2, TimeUnit.MINUTES);
        }
    }

    private void sendReconciles() throws Exception {
        Map<String, String> requests = reconcileRequests.drain();
        if (requests.isEmpty()) {
            return;
        }
        try {
            // A reconcile lists every container the log places on the host, and the host creates
            // the ones it lacks: a run committed since the step read the log must reach the host
            // before the list that names it, or the host makes it from the list and then gets its
            // run as well. So what this process committed goes out first.
            sendAhead();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (var request : requests.entrySet()) {
                var reconcile = desired.reconcileFor(request.getKey());
                LOG.infof("reconciling host %s (%s): %d containers", request.getKey(), request.getValue(),
                        reconcile.containers().size());
                sent.add(send(request.getKey(), UUID.randomUUID(), "system", reconcile));
            }
            awaitAll(sent);
        } catch (Exception e) {
            reconcileRequests.retry(requests);
            throw e;
        }
    }

    /**
     * Seals the instruction for the host's current credential. A host that never enrolled cannot
     * have been placed on (it never heartbeated), so this is an instruction nobody can read: it
     * is logged and dropped, never sent in clear.
     */
    private Future<RecordMetadata> send(String hostId, UUID commandId, String actor, Instruction instruction) {
        InstructionEnvelope envelope = AgentCodec.wrap(commandId, hostId, actor, instruction);
        Optional<HostCredential> credential = credentials.current(hostId).await().atMost(WAIT);
        if (credential.isEmpty()) {
            LOG.warnf("dropping %s %s for host %s: the host has no credential", envelope.type(), commandId, hostId);
            return CompletableFuture.completedFuture(null);
        }
        return producer.send(new ProducerRecord<>(config.commandsTopic(), hostId,
                AgentCodec.seal(envelope, credential.get())));
    }

    private ContainerCreated definition(String streamId) {
        List<StoredEvent> first = desired.store().readStream(streamId, 1, 1).await().atMost(WAIT);
        return (ContainerCreated) types.decode(first.get(0));
    }

    /** The command's id from the metadata; events appended without one get a stable id from the event. */
    private static UUID commandId(StoredEvent stored) {
        String id = text(stored.metadata(), "commandId");
        if (id != null) {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException notAUuid) {
                return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
            }
        }
        return stored.eventId();
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }
}
