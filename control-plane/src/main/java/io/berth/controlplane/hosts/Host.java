package io.berth.controlplane.hosts;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.protocol.hosts.DrainHost;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostLost;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostRemoved;
import io.berth.protocol.hosts.MarkHostBack;
import io.berth.protocol.hosts.MarkHostLost;
import io.berth.protocol.hosts.RegisterHost;
import io.berth.protocol.hosts.RemoveHost;
import java.util.ArrayList;
import java.util.List;

/**
 * The host aggregate: decides which events a command causes given the host's past, or refuses.
 * Lifecycle: registered → (lost ⇄ back)* → drained → removed; a removed host is gone for good.
 * Repeating a command whose effect already holds (drain a drained host) decides no events.
 * {@link #apply} is the only place state changes; {@link #decide} does no I/O.
 */
public final class Host {

    private final String hostId;
    private HostRegistered registration;
    private boolean lost;
    private boolean drained;
    private boolean removed;
    private long version;

    public Host(String hostId) {
        this.hostId = hostId;
    }

    public static Host replay(String hostId, List<?> events) {
        Host host = new Host(hostId);
        events.forEach(host::apply);
        return host;
    }

    public long version() {
        return version;
    }

    public void apply(Object event) {
        if (event instanceof HostRegistered e) {
            registration = e;
        } else if (event instanceof HostLost) {
            lost = true;
        } else if (event instanceof HostBack) {
            lost = false;
        } else if (event instanceof HostDrained) {
            drained = true;
        } else if (event instanceof HostRemoved) {
            removed = true;
        } else {
            throw new IllegalArgumentException("not a host event: " + event.getClass().getName());
        }
        version++;
    }

    public List<Object> decide(Object command) {
        if (command instanceof RegisterHost c) {
            return register(c);
        }
        if (command instanceof RemoveHost) {
            return remove();
        }
        active();
        if (command instanceof DrainHost c) {
            return drained ? List.of() : List.of(new HostDrained(hostId, c.reason()));
        }
        if (command instanceof MarkHostLost c) {
            return lost ? List.of() : List.of(new HostLost(hostId, c.reason()));
        }
        if (command instanceof MarkHostBack) {
            return lost ? List.of(new HostBack(hostId)) : List.of();
        }
        throw new IllegalArgumentException("not a host command: " + command.getClass().getName());
    }

    private List<Object> register(RegisterHost c) {
        if (c.name() == null || c.name().isBlank()) {
            throw new InvalidCommand("a host needs a name");
        }
        if (c.capacity() == null || c.capacity().cpus() <= 0 || c.capacity().memoryBytes() <= 0
                || c.capacity().diskBytes() < 0) {
            throw new InvalidCommand("a host needs a capacity with cpus > 0, memoryBytes > 0 and diskBytes >= 0");
        }
        if (removed) {
            throw new CommandRefused("host " + hostId + " was removed; register it under a new id");
        }
        var registered = new HostRegistered(hostId, c.name(), c.labels(), c.capacity(), c.versions());
        List<Object> events = new ArrayList<>();
        if (lost) {
            events.add(new HostBack(hostId)); // an agent that registers again is alive
        }
        if (!registered.equals(registration)) {
            events.add(registered);
        }
        return events;
    }

    private List<Object> remove() {
        if (registration == null) {
            throw new NotFound("no host " + hostId);
        }
        if (removed) {
            return List.of();
        }
        if (!drained && !lost) {
            throw new CommandRefused("host " + hostId + " is active; drain it before removing it");
        }
        return List.of(new HostRemoved(hostId));
    }

    /** Refuses commands on hosts that never registered (404) or were removed (409). */
    private void active() {
        if (registration == null) {
            throw new NotFound("no host " + hostId);
        }
        if (removed) {
            throw new CommandRefused("host " + hostId + " was removed");
        }
    }
}
