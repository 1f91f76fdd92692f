package io.berth.engine.agent.containers;

import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.ContainerReports.ContainerExited;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import io.berth.protocol.agent.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
        report(status, List.of(), sink, false);
    }

    /**
     * Reports the container's current run even if it was reported before: an instruction's
     * answer, which the control plane may be waiting for by command id.
     */
    public void current(ContainerStatus status, ReportSink sink) {
        report(status, List.of(), sink, true);
    }

    /**
     * As {@link #current(ContainerStatus, ReportSink)}, with {@code first} (a run's creation) sent
     * together with it ({@link ReportSink#reportTogether}): one produce request, one poll and one
     * append on the control plane.
     */
    public void current(ContainerStatus status, Report first, ReportSink sink) {
        report(status, List.of(first), sink, true);
    }

    public void forget(String containerId) {
        runs.forget(containerId);
    }

    /**
     * Sends {@code first} and what of {@code status} is to be told, together, and only then records
     * the run as reported: the record is a file write, which need not sit before the send (lost,
     * it only means the run is reported again, which the control plane takes as a no-op).
     */
    private void report(ContainerStatus status, List<Report> first, ReportSink sink, boolean again) {
        List<Report> reports = new ArrayList<>(first);
        Runnable record = () -> { };
        String id = status.id();
        Instant run = status.startedAt();
        if (run != null && status.state() == ContainerState.RUNNING) {
            if (again || !runs.startReported(id, run)) {
                reports.add(started(status));
                record = () -> runs.started(id, run);
            }
        } else if (run != null && status.state() != ContainerState.CREATED && status.state() != ContainerState.REMOVED) {
            // EXITED: its start first if nobody told it, then the exit.
            if (!runs.startReported(id, run)) {
                reports.add(started(status));
            }
            if (again || !runs.exitReported(id, run)) {
                reports.add(exited(status));
                record = () -> runs.exited(id, run);
            }
        } // else never started: nothing but what came first to tell
        if (!reports.isEmpty()) {
            sink.reportTogether(reports);
        }
        record.run();
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
