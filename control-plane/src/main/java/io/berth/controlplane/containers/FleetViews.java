package io.berth.controlplane.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.agents.AgentsConfig;
import io.berth.controlplane.eventstore.AppendSignals;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.FollowerPacing;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.Subscription;
import io.berth.controlplane.images.ImageViewProjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Keeps {@code container_view} and {@code image_view} up to date: one checkpointed
 * {@link Subscription} applies both projections to each batch in the batch's transaction, so the
 * views and the checkpoint never disagree.
 */
@ApplicationScoped
public class FleetViews {

    private final Subscription subscription;

    public FleetViews(Pool pool, ObjectMapper mapper, AgentsConfig config, ContainerViewProjection containers,
            ImageViewProjection images, AppendSignals signals) {
        this.subscription = new Subscription(config.viewsName(), pool, new LogTail(new EventRows(mapper)), 500,
                config.viewsPollInterval(), new FollowerPacing(signals, config.viewsPollInterval(),
                        config.viewsIdlePollInterval()), (tx, batch) -> {
                    containers.apply(tx, batch);
                    images.apply(tx, batch);
                });
    }

    void onStart(@Observes StartupEvent event) {
        subscription.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        subscription.stop();
    }

    public LogCursor checkpoint() {
        return subscription.checkpoint();
    }
}
