package io.berth.engine.agent.instructions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for crash tests, off unless the system property
 * {@code berth.agent.faults.pauseBeforeReportMillis} is set: the agent then sleeps after
 * running a container and before reporting it, so that a test can SIGKILL it in exactly
 * that window ("received and applied, not reported, offset not committed").
 */
final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
    static final String PAUSE_BEFORE_REPORT = "berth.agent.faults.pauseBeforeReportMillis";

    private Faults() {
    }

    static void pauseBeforeReport(String containerId) {
        long millis = Long.getLong(PAUSE_BEFORE_REPORT, 0L);
        if (millis <= 0) {
            return;
        }
        LOG.warn("fault injection: container {} applied; pausing {} ms before reporting", containerId, millis);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
