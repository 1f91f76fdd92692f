package io.berth.controlplane.eventstore;

import java.util.List;

/**
 * The event records one domain (hosts, containers, …) stores, each annotated with
 * {@link io.berth.protocol.EventType}. Every catalog bean is registered at start.
 */
public interface EventCatalog {
    List<Class<? extends Record>> eventTypes();
}
