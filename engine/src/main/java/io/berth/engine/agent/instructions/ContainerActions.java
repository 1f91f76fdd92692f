package io.berth.engine.agent.instructions;

import io.berth.engine.agent.containers.ContainerIntent;
import io.berth.engine.agent.containers.ContainerIntents;
import io.berth.engine.agent.containers.ContainerLocks;
import io.berth.engine.agent.containers.ContainerReporting;
import io.berth.engine.agent.containers.ContainerWatch;
import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.agent.reports.ThrottledProgress;
import io.berth.engine.commit.CommitResult;
import io.berth.engine.host.HostEngine;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.Manifest;
import io.berth.engine.runtime.ContainerRuntime;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.engine.runtime.Signals;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerInstructions.CommitContainer;
import io.berth.protocol.agent.ContainerInstructions.KillContainer;
import io.berth.protocol.agent.ContainerInstructions.RemoveContainer;
import io.berth.protocol.agent.ContainerInstructions.RestartContainer;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerInstructions.StartContainer;
import io.berth.protocol.agent.ContainerInstructions.StopContainer;
import io.berth.protocol.agent.ContainerReports.ContainerCommitted;
import io.berth.protocol.agent.ContainerReports.ContainerCreated;
import io.berth.protocol.agent.ContainerReports.ContainerRemoved;
import io.berth.protocol.agent.ImageReports.ImageStored;
import io.berth.protocol.agent.ContainerRunSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container instructions applied to the host's engine. Each is idempotent against the
 * host's real state, not only against the journal: a run of a container id that already
 * exists reports that container instead of making a second one; a stop of an exited one
 * reports its exit; a remove of a missing one reports it removed. Every action answers with
 * the container's resulting state, even when it was reported before.
 */
public final class ContainerActions {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerActions.class);

    /** How long a kill waits to see the container exit, to answer with the exit. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final HostEngine engine;
    private final ContainerRuntime runtime;
    private final ContainerIntents intents;
    private final ContainerLocks locks;
    private final ContainerReporting reporting;
    private final ContainerWatch watch;

    public ContainerActions(HostEngine engine, ContainerIntents intents, ContainerLocks locks,
            ContainerReporting reporting, ContainerWatch watch) {
        this.engine = engine;
        this.runtime = engine.runtime();
        this.intents = intents;
        this.locks = locks;
        this.reporting = reporting;
        this.watch = watch;
    }

    public void run(RunContainer run, ReportSink sink) throws IOException {
        ContainerSpec.Builder spec = RunSpecMapping.toSpec(run);
        String id = run.containerId();
        locked(id, () -> {
            Optional<ContainerStatus> existing = find(id);
            if (existing.isPresent()) {
                // Applied before (the agent died before it reported, or the log replays it).
                ContainerIntent intent = intents.get(id).orElse(null);
                ContainerStatus status = existing.get();
                if (run.start() && status.state() == ContainerState.CREATED) {
                    status = runtime.start(id);
                }
                reporting.current(status, new ContainerCreated(id, intent == null ? null : intent.imageId()), sink);
                return null;
            }
            if (run.name() != null) {
                Optional<String> holder = intents.idOfName(run.name());
                if (holder.isPresent() && !holder.get().equals(id)) {
                    throw new InstructionRefused("the container name '" + run.name() + "' is already in use by container "
                            + holder.get());
                }
            }
            ImageRecord image = engine.images().resolve(run.image());
            // Recorded before the host changes: after a crash, the agent knows what it was doing.
            intents.put(new ContainerIntent(run, image.imageId().toString(), run.start(), false));
            ContainerStatus status;
            long engineStart = System.nanoTime();
            try {
                // A run that starts goes through the engine's run, which overlaps the start with the create.
                status = run.start() ? engine.run(run.image(), spec) : engine.create(run.image(), spec);
                // what the engine took, apart from the agent's own work around it (the fleet bench splits at it)
                LOG.info("engine ran container {} in {} us", id, (System.nanoTime() - engineStart) / 1000);
            } catch (IOException | RuntimeException e) {
                if (find(id).isEmpty()) {
                    intents.forget(id); // a failed start leaves a created container, which keeps its intent
                }
                throw e;
            }
            Faults.pauseBeforeReport(id);
            // the creation and the start go together, and the run is recorded as reported after the send
            reporting.current(status, new ContainerCreated(id, image.imageId().toString()), sink);
            return null;
        });
    }

    /**
     * Creates a container from its definition as the log or the agent's own record has it,
     * without the run's checks of name and existence: the reconcile's way.
     */
    public ContainerStatus recreate(ContainerIntent intent, ReportSink sink) throws IOException {
        RunContainer run = intent.definition();
        ContainerSpec.Builder spec = RunSpecMapping.toSpec(run);
        ImageRecord image = engine.images().resolve(run.image());
        intents.put(new ContainerIntent(run, image.imageId().toString(), intent.running(), false));
        ContainerStatus status = engine.create(run.image(), spec);
        sink.report(new ContainerCreated(run.containerId(), image.imageId().toString()));
        if (intent.running()) {
            status = runtime.start(run.containerId());
            reporting.current(status, sink);
        }
        return status;
    }

    public void start(StartContainer start, ReportSink sink) throws IOException {
        String id = start.containerId();
        locked(id, () -> {
            ContainerStatus status = existing(id);
            intents.get(id).ifPresent(i -> intents.put(i.withRunning(true)));
            if (status.state() != ContainerState.RUNNING) {
                status = runtime.start(id);
            }
            reporting.current(status, sink);
            return null;
        });
    }

    public void stop(StopContainer stop, ReportSink sink) throws IOException {
        String id = stop.containerId();
        ContainerStatus before = existing(id);
        Optional<ContainerIntent> intent = intents.get(id);
        intent.ifPresent(i -> intents.put(i.withRunning(false)));
        if (before.state() == ContainerState.CREATED) {
            return; // never started: nothing to stop, as docker stop
        }
        Duration timeout = RunSpecMapping.stopTimeout(stop.timeoutSeconds(),
                intent.map(ContainerIntent::definition).orElse(null));
        watch.stopping(id);
        try {
            // Not under the container's lock: the wait may be long, and the lock orders reports only.
            ContainerStatus exited = runtime.stop(id, timeout);
            locked(id, () -> {
                reporting.current(exited, sink);
                watch.removeIfAutoRemove(exited, sink);
                return null;
            });
        } finally {
            watch.stopDone(id);
        }
    }

    public void kill(KillContainer kill, ReportSink sink) throws IOException {
        String id = kill.containerId();
        String signal = kill.signal() == null || kill.signal().isBlank() ? "KILL" : kill.signal();
        int number;
        try {
            number = Signals.parse(signal);
        } catch (IllegalArgumentException e) {
            throw new InstructionRefused(e.getMessage());
        }
        existing(id);
        Optional<ContainerIntent> intent = intents.get(id);
        boolean ends = number == Signals.SIGKILL || number == Signals.SIGTERM || intent
                .map(i -> i.definition().spec()).map(ContainerRunSpec::stopSignal)
                .filter(s -> s != null && Signals.parse(s) == number).isPresent();
        if (!ends) {
            runtime.kill(id, signal); // HUP and friends: the container goes on; nothing to report
            return;
        }
        intent.ifPresent(i -> intents.put(i.withRunning(false)));
        watch.stopping(id);
        try {
            runtime.kill(id, signal);
            Optional<ContainerStatus> exited = runtime.waitForExit(id, KILL_WAIT);
            if (exited.isPresent()) {
                locked(id, () -> {
                    reporting.current(exited.get(), sink);
                    watch.removeIfAutoRemove(exited.get(), sink);
                    return null;
                });
            }
        } finally {
            watch.stopDone(id); // a process that handles the signal and exits later: the watcher tells
        }
    }

    public void restart(RestartContainer restart, ReportSink sink) throws IOException {
        String id = restart.containerId();
        ContainerStatus before = existing(id);
        Optional<ContainerIntent> intent = intents.get(id);
        intent.ifPresent(i -> intents.put(i.withRunning(true)));
        watch.stopping(id);
        try {
            ContainerStatus exited = before.state() == ContainerState.RUNNING
                    ? runtime.stop(id, RunSpecMapping.stopTimeout(restart.timeoutSeconds(),
                            intent.map(ContainerIntent::definition).orElse(null)))
                    : before;
            locked(id, () -> {
                if (exited.state() == ContainerState.EXITED) {
                    reporting.current(exited, sink);
                }
                reporting.current(runtime.start(id), sink);
                return null;
            });
        } finally {
            watch.stopDone(id);
        }
    }

    public void remove(RemoveContainer remove, ReportSink sink) throws IOException {
        String id = remove.containerId();
        locked(id, () -> {
            Optional<ContainerStatus> found = find(id);
            if (found.isEmpty()) {
                // Gone already (auto-removed, or removed before a crash): the outcome stands.
                intents.forget(id);
                reporting.forget(id);
                sink.report(new ContainerRemoved(id));
                return null;
            }
            ContainerStatus status = found.get();
            if (status.state() == ContainerState.RUNNING && !remove.force()) {
                throw new InstructionRefused("cannot remove running container " + id
                        + ": stop it first or force the removal");
            }
            intents.get(id).ifPresent(i -> intents.put(i.toRemove()));
            if (status.state() == ContainerState.RUNNING) {
                watch.stopping(id);
                try {
                    runtime.kill(id, "KILL");
                    runtime.waitForExit(id, Duration.ofSeconds(10)).ifPresent(s -> reporting.current(s, sink));
                } finally {
                    watch.stopDone(id);
                }
            }
            engine.remove(id, true);
            intents.forget(id);
            reporting.forget(id);
            sink.report(new ContainerRemoved(id));
            return null;
        });
    }

    public void commit(CommitContainer commit, ReportSink sink) throws IOException {
        String id = commit.containerId();
        existing(id);
        ImageReference tag = commit.reference() == null || commit.reference().isBlank()
                ? null : ImageReference.parse(commit.reference());
        var progress = new ThrottledProgress(sink, AgentCodec.typeName(commit), id);
        CommitResult result;
        try {
            result = engine.commit(id, commit.author(), commit.comment(), commit.changes(), tag, progress);
        } finally {
            progress.finish();
        }
        String imageId = result.imageId().toString();
        String manifest = result.manifest().digest().toString();
        String parent = result.parentImageId() == null ? null : result.parentImageId().toString();
        String reference = tag == null ? null : tag.familiarString();
        Manifest written = new ImageContent(engine.content()).manifest(result.manifest());
        long size = written.config().size() + written.layers().stream().mapToLong(l -> l.size()).sum();
        sink.report(new ContainerCommitted(id, imageId, manifest, reference, parent, result.diffId().toString(),
                commit.author(), commit.comment()));
        sink.report(new ImageStored(imageId, manifest, reference == null ? List.of() : List.of(reference), size, parent,
                ImageHistoryEntries.of(engine.images(), imageId)));
    }

    private Optional<ContainerStatus> find(String id) {
        try {
            return Optional.of(runtime.state(id));
        } catch (NoSuchContainerException e) {
            return Optional.empty();
        }
    }

    private ContainerStatus existing(String id) {
        return find(id).orElseThrow(() -> new InstructionRefused("no such container: " + id));
    }

    private interface Action<T> {
        T apply() throws IOException;
    }

    private <T> T locked(String id, Action<T> action) throws IOException {
        ReentrantLock lock = locks.of(id);
        lock.lock();
        try {
            return action.apply();
        } finally {
            lock.unlock();
        }
    }
}
