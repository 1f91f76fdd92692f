package io.berth.controlplane.agents;

import io.berth.controlplane.containers.Container;
import io.berth.controlplane.containers.ContainerState;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.HostInstructions.DesiredContainer;
import io.berth.protocol.agent.HostInstructions.Reconcile;
import io.berth.protocol.containers.ContainerEvents.ContainerCreated;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the log says should exist on a host: every container scheduled there and not removed (or
 * being removed), each with its definition and whether it should run. Read from the event table
 * itself, not from a view, because a Reconcile removes whatever it does not list: a view that
 * lags would make the agent delete a container the log has.
 */
@ApplicationScoped
public class DesiredState {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Pool pool;
    private final EventStore store;

    public DesiredState(Pool pool, EventStore store) {
        this.pool = pool;
        this.store = store;
    }

    EventStore store() {
        return store;
    }

    public Reconcile reconcileFor(String hostId) {
        var containers = new ArrayList<DesiredContainer>();
        for (Row row : pool.preparedQuery("SELECT DISTINCT stream_id FROM events WHERE event_type = 'container.scheduled'"
                + " AND data ->> 'hostId' = $1").execute(Tuple.of(hostId)).await().atMost(WAIT)) {
            String stream = row.getString(0);
            String containerId = stream.substring("container-".length());
            List<StoredEvent> history = store.readStream(stream).await().atMost(WAIT);
            Container container = Container.replay(containerId,
                    history.stream().map(store.types()::decode).toList());
            if (!hostId.equals(container.hostId()) || container.state() == ContainerState.REMOVED
                    || container.state() == ContainerState.REMOVING) {
                continue;
            }
            ContainerCreated c = container.definition();
            containers.add(new DesiredContainer(new RunContainer(containerId, c.name(),
                    c.imageId() != null ? c.imageId() : c.image(), c.spec(), false), container.desiredRunning()));
        }
        return new Reconcile(containers);
    }
}
