package io.berth.controlplane.containers;

import io.berth.controlplane.eventstore.EventCatalog;
import io.berth.protocol.containers.ContainerEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Registers the container events (streams {@code container-<id>} and {@code container-name.<name>}). */
@ApplicationScoped
public class ContainerEventCatalog implements EventCatalog {

    @Override
    public List<Class<? extends Record>> eventTypes() {
        return ContainerEvents.TYPES;
    }
}
