package io.berth.controlplane.agents;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Hosts that should be sent a {@code Reconcile}: registered or back, or whose agent channel
 * (re)connected. A request is a hint, not a fact, so it is kept in memory and not in the log;
 * the {@link AgentDispatcher} takes them between batches and sends each on the same producer as
 * the instructions, so a Reconcile is ordered with them on the host's partition.
 */
@ApplicationScoped
public class ReconcileRequests {

    private static final Logger LOG = Logger.getLogger(ReconcileRequests.class);

    private final Map<String, String> pending = new ConcurrentHashMap<>();

    public void request(String hostId, String reason) {
        if (pending.putIfAbsent(hostId, reason) == null) {
            LOG.debugf("reconcile of host %s requested: %s", hostId, reason);
        }
    }

    /** Takes every pending request (host id → reason). */
    Map<String, String> drain() {
        var taken = new java.util.HashMap<String, String>();
        for (String host : pending.keySet()) {
            String reason = pending.remove(host);
            if (reason != null) {
                taken.put(host, reason);
            }
        }
        return taken;
    }

    /** Puts back requests that could not be sent. */
    void retry(Map<String, String> requests) {
        requests.forEach(pending::putIfAbsent);
    }
}
