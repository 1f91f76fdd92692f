package io.berth.engine.agent.containers;

import io.berth.protocol.agent.Report;
import java.util.List;

/**
 * Where the reports of one piece of work go: an instruction's outcome (with its command id)
 * or the agent's own observations (without). Sends are asynchronous but keep their order.
 */
@FunctionalInterface
public interface ReportSink {
    void report(Report report);

    /**
     * Reports that belong together (a run's creation and start), in order. A sink that sends
     * them prepares them all first and then hands them over back to back, so that they travel
     * in one produce request and reach the control plane in one poll.
     */
    default void reportTogether(List<Report> reports) {
        reports.forEach(this::report);
    }
}
