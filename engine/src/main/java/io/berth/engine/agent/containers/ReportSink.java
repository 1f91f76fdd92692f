package io.berth.engine.agent.containers;

import io.berth.protocol.agent.Report;

/**
 * Where the reports of one piece of work go: an instruction's outcome (with its command id)
 * or the agent's own observations (without). Sends are asynchronous but keep their order.
 */
@FunctionalInterface
public interface ReportSink {
    void report(Report report);
}
