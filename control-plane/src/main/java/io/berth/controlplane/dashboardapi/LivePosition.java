package io.berth.controlplane.dashboardapi;

import io.berth.controlplane.agents.AgentsConfig;
import io.berth.controlplane.hosts.HostViewProjection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Where a dashboard should start following the live stream so that the lists it loads next
 * miss nothing: the lowest checkpoint among the projections those lists come from. The lists
 * are read after this and so are at least this far; events they already hold come again on the
 * stream and are skipped by the client (each view carries its stream version).
 */
@ApplicationScoped
public class LivePosition {

    /** The subscriptions behind hosts (the {@code hosts} projection), containers and images (the fleet views). */
    private final List<String> subscriptions;
    private final Pool pool;

    public LivePosition(Pool pool, AgentsConfig agents) {
        this.pool = pool;
        // ProjectionRunner names a projection's subscription "projection:<name>"
        this.subscriptions = List.of("projection:" + HostViewProjection.NAME, agents.viewsName());
    }

    /** A position the live stream accepts as {@code since} (an event's position, or 0). */
    public long position() {
        var rows = pool.preparedQuery("SELECT position FROM subscription_checkpoints WHERE name = ANY($1)"
                + " ORDER BY tx_id, position LIMIT 1").execute(Tuple.of(subscriptions.toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10));
        long count = pool.preparedQuery("SELECT count(*) FROM subscription_checkpoints WHERE name = ANY($1)")
                .execute(Tuple.of(subscriptions.toArray(String[]::new))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        // a projection that has not checkpointed yet starts from the beginning
        if (count < subscriptions.size() || rows.size() == 0) {
            return 0;
        }
        Row row = rows.iterator().next();
        return row.getLong(0);
    }
}
