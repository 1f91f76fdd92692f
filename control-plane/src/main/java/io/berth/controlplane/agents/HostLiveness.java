package io.berth.controlplane.agents;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.hosts.HostService;
import io.berth.controlplane.hosts.HostView;
import io.berth.protocol.agent.HostReports.Heartbeat;
import io.berth.protocol.hosts.MarkHostBack;
import io.berth.protocol.hosts.MarkHostLost;
import io.berth.protocol.hosts.RegisterHost;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Heartbeats are state, not events: this keeps when each host was last heard in memory and
 * records only transitions through the hosts package — the first heartbeat (or one with new
 * labels, capacity or versions) registers the host, silence for {@code missedHeartbeats}
 * intervals marks it lost, a heartbeat from a lost host marks it back. Registering and coming
 * back also request a Reconcile. A host not heard from in this process (after a control-plane
 * restart, or registered through the API) gets the full silence window from its last event or
 * this process's start before it can be marked lost.
 */
@ApplicationScoped
public class HostLiveness {

    private static final Logger LOG = Logger.getLogger(HostLiveness.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Seen(Instant at, RegisterHost registration) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lost = new ConcurrentHashMap<>();
    private final Instant startedAt = Instant.now();
    private final HostService hosts;
    private final ReconcileRequests reconcile;
    private final AgentsConfig config;
    private final ReportPipeline pipeline;

    public HostLiveness(HostService hosts, ReconcileRequests reconcile, AgentsConfig config, ReportPipeline pipeline) {
        this.pipeline = pipeline;
        this.hosts = hosts;
        this.reconcile = reconcile;
        this.config = config;
    }

    public void heartbeat(String hostId, Heartbeat beat, EventMetadata metadata) {
        var registration = new RegisterHost(hostId, beat.name() == null ? hostId : beat.name(), beat.labels(),
                beat.capacity(), beat.versions());
        Seen previous = seen.put(hostId, new Seen(Instant.now(), registration));
        boolean wasLost = Boolean.TRUE.equals(lost.remove(hostId));
        try {
            if (previous == null || !registration.equals(previous.registration())) {
                var result = hosts.handle(hostId, registration, metadata).await().atMost(WAIT);
                if (previous == null || result.events().contains("host.back")) {
                    reconcile.request(hostId, previous == null ? "first heartbeat" : "host back");
                }
            } else if (wasLost) {
                hosts.handle(hostId, new MarkHostBack(hostId), metadata).await().atMost(WAIT);
                reconcile.request(hostId, "host back");
            }
        } catch (InvalidCommand bad) {
            LOG.warnf("heartbeat of host %s cannot register it: %s", hostId, bad.getMessage());
        } catch (RuntimeException e) {
            // forget it so the next heartbeat tries again
            if (previous == null) {
                seen.remove(hostId);
            } else {
                seen.put(hostId, previous);
            }
            if (wasLost) {
                lost.put(hostId, true);
            }
            throw e;
        }
    }

    /** When each host was last heard by this process: the dashboard's "last seen", state rather than events. */
    public Map<String, Instant> lastHeard() {
        Map<String, Instant> heard = new java.util.HashMap<>();
        seen.forEach((host, last) -> heard.put(host, last.at()));
        return heard;
    }

    /** Marks hosts lost that have been silent too long. */
    @Scheduled(every = "${berth.agents.liveness-check:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkSilence() {
        Duration window = config.heartbeatInterval().multipliedBy(config.missedHeartbeats());
        if (!config.enabled() || !pipeline.connected() || !pipeline.heardFromAnyHostWithin(window)) {
            return; // no reports arrive from anyone: the silence says nothing about the hosts
        }
        Instant now = Instant.now();
        for (HostView host : hosts.list().await().atMost(WAIT)) {
            if (!host.reachable()) {
                lost.put(host.hostId(), true);
                continue;
            }
            Seen last = seen.get(host.hostId());
            // not heard in this process: count from its last event or our start, whichever is later
            Instant lastHeard = last != null ? last.at()
                    : host.updatedAt() != null && host.updatedAt().isAfter(startedAt) ? host.updatedAt() : startedAt;
            if (pipeline.since().isAfter(lastHeard)) {
                lastHeard = pipeline.since();
            }
            if (lastHeard.plus(window).isBefore(now)) {
                String reason = "no heartbeat for " + Duration.between(lastHeard, now).toSeconds() + "s";
                hosts.handle(host.hostId(), new MarkHostLost(host.hostId(), reason), EventMetadata.system("control-plane"))
                        .await().atMost(WAIT);
                lost.put(host.hostId(), true);
                LOG.infof("host %s lost: %s", host.hostId(), reason);
            }
        }
    }
}
