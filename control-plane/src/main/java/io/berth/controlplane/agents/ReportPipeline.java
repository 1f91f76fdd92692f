package io.berth.controlplane.agents;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether reports can reach the control plane at all. When the broker is down every host falls
 * silent at once; that is the pipe, not the hosts, so {@link HostLiveness} marks nobody lost
 * while the report consumer has no connection or no host at all was heard within the window,
 * and after the pipe comes back (reconnected, or reports flowing again after a gap) every host
 * gets a fresh silence window. The price: in a fleet of one host, a dead agent looks like a dead
 * broker and is not marked lost.
 */
@ApplicationScoped
public class ReportPipeline {

    private volatile boolean connected = true;
    private volatile Instant since = Instant.now();
    private volatile Instant lastReport = Instant.EPOCH;

    /** Called by the consumer after each poll with its broker connection count. */
    void polled(boolean nowConnected) {
        if (nowConnected && !connected) {
            since = Instant.now();
        }
        connected = nowConnected;
    }

    /** Called for each report; one after a gap longer than {@code gap} restarts the windows. */
    void received(Duration gap) {
        Instant now = Instant.now();
        if (lastReport.plus(gap).isBefore(now)) {
            since = now;
        }
        lastReport = now;
    }

    public boolean connected() {
        return connected;
    }

    /** Whether any host's report arrived within {@code window}. */
    public boolean heardFromAnyHostWithin(Duration window) {
        return lastReport.plus(window).isAfter(Instant.now());
    }

    /** When reports last started flowing again; hosts are not judged on silence before it. */
    public Instant since() {
        return since;
    }
}
