package io.berth.controlplane.hosts;

import io.berth.controlplane.eventstore.EventCatalog;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostDrained;
import io.berth.protocol.hosts.HostLost;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostRemoved;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The events of stream {@code host-<id>}. */
@ApplicationScoped
public class HostEvents implements EventCatalog {

    public static final List<Class<? extends Record>> TYPES =
            List.of(HostRegistered.class, HostLost.class, HostBack.class, HostDrained.class, HostRemoved.class);

    public static String streamId(String hostId) {
        return "host-" + hostId;
    }

    @Override
    public List<Class<? extends Record>> eventTypes() {
        return TYPES;
    }
}
