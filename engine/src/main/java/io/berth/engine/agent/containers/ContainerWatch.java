package io.berth.engine.agent.containers;

import io.berth.engine.host.HostEngine;
import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.protocol.agent.ContainerReports.ContainerRemoved;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what happens to containers without an instruction: exits (with code, OOM kill,
 * whether a user stopped it, restart count) and restart-policy restarts, as the runtime
 * tells of them, at once; and, every {@code sweepInterval}, whatever a lost notification or
 * a dead monitor hid (the runtime then reports the container exited with -1). Containers
 * run with auto-remove are removed after their exit is reported ({@code docker run --rm}).
 */
public final class ContainerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerWatch.class);

    private final HostEngine engine;
    private final ContainerIntents intents;
    private final ContainerLocks locks;
    private final ContainerReporting reporting;
    private final ReportSink sink;
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    // One thread: the runtime's notifications for a container stay in their order.
    private final ExecutorService changes = Executors.newSingleThreadExecutor(daemon("agent-container-watch"));
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(daemon("agent-sweep"));

    public ContainerWatch(HostEngine engine, ContainerIntents intents, ContainerLocks locks,
            ContainerReporting reporting, ReportSink sink) {
        this.engine = engine;
        this.intents = intents;
        this.locks = locks;
        this.reporting = reporting;
        this.sink = sink;
        engine.runtime().addChangeListener(status -> changes.execute(() -> onChange(status)));
    }

    /** Starts the periodic sweep. */
    public void sweepEvery(Duration interval) {
        sweeper.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * An instruction is about to stop {@code containerId} and will report the exit itself,
     * with its command id; the watcher leaves that exit alone until {@link #stopDone}.
     */
    public void stopping(String containerId) {
        stopping.add(containerId);
    }

    public void stopDone(String containerId) {
        stopping.remove(containerId);
    }

    /** Reports every container's unreported start or exit, and auto-removes exited ones. */
    public void sweep() {
        try {
            for (ContainerStatus listed : engine.runtime().list()) {
                if (!stopping.contains(listed.id())) {
                    inspect(listed.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping the containers failed", e);
        }
    }

    private void inspect(String id) {
        ReentrantLock lock = locks.of(id);
        lock.lock();
        try {
            ContainerStatus status = engine.runtime().state(id);
            reporting.changes(status, sink);
            removeIfAutoRemove(status, sink);
        } catch (NoSuchContainerException removedMeanwhile) {
            // removed by an instruction while we looked
        } catch (RuntimeException e) {
            LOG.warn("inspecting container {} failed", id, e);
        } finally {
            lock.unlock();
        }
    }

    private void onChange(ContainerStatus status) {
        if (status.state() == ContainerState.EXITED && stopping.contains(status.id())) {
            return;
        }
        ReentrantLock lock = locks.of(status.id());
        lock.lock();
        try {
            reporting.changes(status, sink);
            removeIfAutoRemove(status, sink);
        } catch (RuntimeException e) {
            LOG.warn("reporting a change of container {} failed", status.id(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code --rm}: removes an exited container that was run with auto-remove, and reports it.
     * The caller holds the container's lock and has reported the exit.
     */
    public void removeIfAutoRemove(ContainerStatus status, ReportSink to) {
        if (status.state() != ContainerState.EXITED) {
            return;
        }
        Optional<ContainerIntent> intent = intents.get(status.id());
        if (intent.isEmpty() || !intent.get().autoRemove()) {
            return;
        }
        try {
            // The status may be an older exit: a restart may have run the container again since.
            if (engine.runtime().state(status.id()).state() != ContainerState.EXITED) {
                return;
            }
        } catch (NoSuchContainerException gone) {
            return;
        }
        try {
            intents.put(intent.get().toRemove());
            engine.remove(status.id(), false);
        } catch (NoSuchContainerException gone) {
            // already removed
        } catch (IOException | RuntimeException e) {
            LOG.warn("auto-removing container {} failed; the next sweep tries again", status.id(), e);
            return;
        }
        to.report(new ContainerRemoved(status.id()));
        intents.forget(status.id());
        reporting.forget(status.id());
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        changes.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
