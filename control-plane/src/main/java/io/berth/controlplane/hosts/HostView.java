package io.berth.controlplane.hosts;

import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostLost;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostRemoved;
import io.berth.protocol.hosts.HostVersions;
import java.time.Instant;
import java.util.Map;

/**
 * A host as lists and inspect show it, built by {@link HostViewProjection}.
 *
 * @param availability {@code active} or {@code drained} (no new containers)
 * @param reachable    false while the host is lost
 * @param version      the host stream's version this view reflects
 */
public record HostView(String hostId, String name, Map<String, String> labels, HostCapacity capacity,
        HostVersions versions, String availability, boolean reachable, String drainReason, String lostReason,
        Instant registeredAt, Instant updatedAt, long version) {

    /** The view after {@code event}; null once removed (or for events before any registration). */
    static HostView apply(HostView view, Object event, StoredEvent stored) {
        Instant at = stored.recordedAt();
        long version = stored.streamVersion();
        if (event instanceof HostRegistered e) {
            return view == null
                    ? new HostView(e.hostId(), e.name(), e.labels(), e.capacity(), e.versions(), "active", true, null,
                            null, at, at, version)
                    : new HostView(e.hostId(), e.name(), e.labels(), e.capacity(), e.versions(), view.availability,
                            view.reachable, view.drainReason, view.lostReason, view.registeredAt, at, version);
        }
        if (view == null || event instanceof HostRemoved) {
            return null;
        }
        if (event instanceof HostLost e) {
            return new HostView(view.hostId, view.name, view.labels, view.capacity, view.versions, view.availability,
                    false, view.drainReason, e.reason(), view.registeredAt, at, version);
        }
        if (event instanceof HostBack) {
            return new HostView(view.hostId, view.name, view.labels, view.capacity, view.versions, view.availability,
                    true, view.drainReason, null, view.registeredAt, at, version);
        }
        if (event instanceof HostDrained e) {
            return new HostView(view.hostId, view.name, view.labels, view.capacity, view.versions, "drained",
                    view.reachable, e.reason(), view.lostReason, view.registeredAt, at, version);
        }
        return view;
    }
}
