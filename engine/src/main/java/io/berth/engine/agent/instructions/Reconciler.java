package io.berth.engine.agent.instructions;

import io.berth.engine.agent.containers.ContainerIntent;
import io.berth.engine.agent.containers.ContainerIntents;
import io.berth.engine.agent.containers.ContainerLocks;
import io.berth.engine.agent.containers.ContainerWatch;
import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.host.HostEngine;
import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.protocol.agent.ContainerInstructions.RemoveContainer;
import io.berth.protocol.agent.ContainerInstructions.StartContainer;
import io.berth.protocol.agent.ContainerInstructions.StopContainer;
import io.berth.protocol.agent.ContainerReports.ContainerDrift;
import io.berth.protocol.agent.HostInstructions.DesiredContainer;
import io.berth.protocol.agent.HostInstructions.Reconcile;
import io.berth.protocol.agent.HostReports.InstructionFailed;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the host on what it should run, and reports each fix as ContainerDrift (with
 * the state reports the fix produced).
 *
 * <ul>
 *   <li>{@link #reconcile}: the control plane's full desired list from the log is the truth:
 *       missing containers are created from their definitions, containers the log does not
 *       know are removed, and each is started or stopped to match.</li>
 *   <li>{@link #local}: at agent start, the agent's own intents are the truth — it knows
 *       what it was told — so an instruction cut short by a crash is finished: a container
 *       that should exist but does not is created, one created but never started is started,
 *       one being stopped or removed is stopped or removed. Containers it has no intent for
 *       are left for the control plane's reconcile to judge.</li>
 * </ul>
 * A container that exited on its own is not restarted by either: that is its restart
 * policy's business, as with Docker.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final HostEngine engine;
    private final ContainerIntents intents;
    private final ContainerLocks locks;
    private final ContainerActions actions;
    private final ContainerWatch watch;

    public Reconciler(HostEngine engine, ContainerIntents intents, ContainerLocks locks, ContainerActions actions,
            ContainerWatch watch) {
        this.engine = engine;
        this.intents = intents;
        this.locks = locks;
        this.actions = actions;
        this.watch = watch;
    }

    public void reconcile(Reconcile desired, ReportSink sink) {
        Set<String> known = new HashSet<>();
        for (DesiredContainer container : desired.containers()) {
            String id = container.definition().containerId();
            known.add(id);
            String imageId = intents.get(id).map(ContainerIntent::imageId).orElse(null);
            ContainerIntent wanted = new ContainerIntent(container.definition(), imageId, container.running(), false);
            safely(id, "reconcile", sink, () -> converge(wanted, true, sink));
        }
        for (ContainerStatus actual : engine.runtime().list()) {
            if (!known.contains(actual.id())) {
                safely(actual.id(), "reconcile", sink, () -> {
                    actions.remove(new RemoveContainer(actual.id(), true), sink);
                    sink.report(new ContainerDrift(actual.id(), observed(actual), "removed"));
                });
            }
        }
        watch.sweep();
    }

    /** The start-up reconcile against the agent's own intents; see the class comment. */
    public void local(ReportSink sink) {
        for (ContainerIntent intent : intents.all()) {
            safely(intent.containerId(), "local reconcile", sink, () -> {
                if (intent.removing()) {
                    Optional<ContainerStatus> actual = find(intent.containerId());
                    actions.remove(new RemoveContainer(intent.containerId(), true), sink);
                    if (actual.isPresent()) {
                        sink.report(new ContainerDrift(intent.containerId(), observed(actual.get()), "removed"));
                    }
                } else {
                    converge(intent, false, sink);
                }
            });
        }
        for (ContainerStatus actual : engine.runtime().list()) {
            if (intents.get(actual.id()).isEmpty()) {
                LOG.warn("container {} runs on this host but this agent was never told about it;"
                        + " leaving it for the control plane's reconcile", actual.id());
            }
        }
        watch.sweep();
    }

    /**
     * @param authoritative the log's word: an exited container that should run is started;
     *                      in the local reconcile only one that never ran is
     */
    private void converge(ContainerIntent wanted, boolean authoritative, ReportSink sink) throws IOException {
        String id = wanted.containerId();
        Optional<ContainerStatus> actual = find(id);
        if (actual.isEmpty()) {
            ReentrantLock lock = locks.of(id);
            lock.lock();
            try {
                actions.recreate(wanted, sink);
            } finally {
                lock.unlock();
            }
            sink.report(new ContainerDrift(id, "missing", "recreated"));
            return;
        }
        if (authoritative) {
            ContainerIntent current = intents.get(id).orElse(null);
            intents.put(current == null ? wanted
                    : new ContainerIntent(wanted.definition(), current.imageId(), wanted.running(), false));
        }
        ContainerState state = actual.get().state();
        boolean startIt = wanted.running() && (state == ContainerState.CREATED
                || authoritative && state == ContainerState.EXITED);
        if (startIt) {
            actions.start(new StartContainer(id), sink);
            sink.report(new ContainerDrift(id, observed(actual.get()), "started"));
        } else if (!wanted.running() && state == ContainerState.RUNNING) {
            actions.stop(new StopContainer(id, null), sink);
            sink.report(new ContainerDrift(id, "running", "stopped"));
        }
    }

    private Optional<ContainerStatus> find(String id) {
        try {
            return Optional.of(engine.runtime().state(id));
        } catch (NoSuchContainerException e) {
            return Optional.empty();
        }
    }

    private static String observed(ContainerStatus status) {
        return status.state().name().toLowerCase(Locale.ROOT);
    }

    private interface Fix {
        void run() throws IOException;
    }

    /** One container's failure does not stop the others from converging. */
    private static void safely(String id, String what, ReportSink sink, Fix fix) {
        try {
            fix.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} of container {} failed", what, id, e);
            sink.report(new InstructionFailed("host.reconcile", "container " + id + ": " + e.getMessage(),
                    InstructionApplier.isRefusal(e)));
        }
    }
}
