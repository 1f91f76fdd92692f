package io.berth.engine.agent.containers;

import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.ContainerReports.ContainerExited;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import java.time.Instant;

/**
 * Turns a container's status into ContainerStarted and ContainerExited reports, keeping
 * {@link ReportedRuns} up to date. Callers hold the container's lock.
 */
public final class ContainerReporting {

    private final ReportedRuns runs;

    public ContainerReporting(ReportedRuns runs) {
        this.runs = runs;
    }

    /** Reports what of {@code status} was not reported yet: the watcher's and the sweep's way. */
    public void changes(ContainerStatus status, ReportSink sink) {
        report(status, sink, false);
    }

    /**
     * Reports the container's current run even if it was reported before: an instruction's
     * answer, which the control plane may be waiting for by command id.
     */
    public void current(ContainerStatus status, ReportSink sink) {
        report(status, sink, true);
    }

    public void forget(String containerId) {
        runs.forget(containerId);
    }

    private void report(ContainerStatus status, ReportSink sink, boolean again) {
        String id = status.id();
        Instant run = status.startedAt();
        if (run == null || status.state() == ContainerState.CREATED || status.state() == ContainerState.REMOVED) {
            return; // never started: nothing but its creation to tell
        }
        if (status.state() == ContainerState.RUNNING) {
            if (again || !runs.startReported(id, run)) {
                sink.report(started(status));
                runs.started(id, run);
            }
            return;
        }
        // EXITED: its start first if nobody told it, then the exit.
        if (!runs.startReported(id, run)) {
            sink.report(started(status));
            runs.started(id, run);
        }
        if (again || !runs.exitReported(id, run)) {
            sink.report(exited(status));
            runs.exited(id, run);
        }
    }

    static ContainerStarted started(ContainerStatus status) {
        // No networks yet: containers have only their loopback, so no address to report.
        return new ContainerStarted(status.id(), status.pid(), null, status.startedAt());
    }

    static ContainerExited exited(ContainerStatus status) {
        int code = status.exitCode() == null ? -1 : status.exitCode();
        return new ContainerExited(status.id(), code, status.oomKilled(), status.stoppedByUser(),
                status.restartCount(), status.finishedAt() != null ? status.finishedAt() : Instant.now());
    }
}
