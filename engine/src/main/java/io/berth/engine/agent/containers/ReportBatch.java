package io.berth.engine.agent.containers;

import io.berth.protocol.agent.Report;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the reports of one change to send them together ({@link ReportSink#reportTogether}):
 * a run's "created" and "started" then leave in one produce request instead of two, one of
 * which the control plane would otherwise often poll and append on its own before the other.
 */
public final class ReportBatch implements ReportSink {

    private final List<Report> reports = new ArrayList<>();

    @Override
    public void report(Report report) {
        reports.add(report);
    }

    /** Hands what was collected to {@code sink}, together, and forgets it. */
    public void sendTo(ReportSink sink) {
        if (!reports.isEmpty()) {
            sink.reportTogether(List.copyOf(reports));
            reports.clear();
        }
    }
}
