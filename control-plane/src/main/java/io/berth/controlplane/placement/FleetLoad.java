package io.berth.controlplane.placement;

import io.berth.controlplane.enrollment.HostCredentials;
import io.berth.controlplane.hosts.HostService;
import io.berth.controlplane.hosts.HostView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet as placement sees it: hosts from the hosts projection, load from
 * {@code container_view} (containers created or running, and the memory they reserve). Both
 * views follow the log a moment behind, so runs sent in the same instant may see the same load.
 * A host without a credential (registered before enrollment existed, or never enrolled) cannot
 * read the instructions sealed for it, so nothing is placed there.
 */
@ApplicationScoped
public class FleetLoad {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HostService hosts;
    private final Pool pool;
    private final HostCredentials credentials;

    public FleetLoad(HostService hosts, Pool pool, HostCredentials credentials) {
        this.hosts = hosts;
        this.pool = pool;
        this.credentials = credentials;
    }

    public List<HostLoad> hosts() {
        return findHosts().await().atMost(WAIT);
    }

    /** As {@link #hosts}, without blocking; the hosts and their load are read at the same time. */
    public Uni<List<HostLoad>> findHosts() {
        Uni<Map<String, long[]>> load = pool.query("SELECT host_id, count(*), coalesce(sum(memory_bytes), 0)"
                + " FROM container_view WHERE state IN ('created', 'running') AND host_id IS NOT NULL GROUP BY host_id")
                .execute().map(rows -> {
                    Map<String, long[]> byHost = new HashMap<>();
                    for (Row row : rows) {
                        byHost.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2)});
                    }
                    return byHost;
                });
        return Uni.combine().all().unis(hosts.list(), load).asTuple().flatMap(both -> {
            List<HostView> views = both.getItem1();
            if (views.isEmpty()) {
                return Uni.createFrom().item(List.<HostLoad>of());
            }
            return credentials.generations(views.stream().map(HostView::hostId).toList()).map(enrolled -> {
                var fleet = new ArrayList<HostLoad>(views.size());
                for (HostView host : views) {
                    long[] used = both.getItem2().getOrDefault(host.hostId(), new long[2]);
                    String unschedulable = !host.reachable() ? "lost"
                            : "drained".equals(host.availability()) ? "drained"
                            : enrolled.getOrDefault(host.hostId(), 0L) <= 0 ? "not enrolled" : null;
                    long capacity = host.capacity() == null ? 0 : host.capacity().memoryBytes();
                    fleet.add(new HostLoad(host.hostId(), host.labels() == null ? Map.of() : host.labels(),
                            unschedulable == null, unschedulable, (int) used[0], capacity - used[1]));
                }
                return fleet;
            });
        });
    }
}
