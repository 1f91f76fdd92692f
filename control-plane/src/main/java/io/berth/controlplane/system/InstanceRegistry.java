package io.berth.controlplane.system;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records this control-plane process in PostgreSQL at start and refreshes its last-seen time,
 * so operators can see which replicas serve the fleet.
 */
@ApplicationScoped
public class InstanceRegistry {

    private final Pool client;
    private final UUID instanceId = UUID.randomUUID();
    private final String version;
    private final OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);

    public InstanceRegistry(Pool client,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.client = client;
        this.version = version;
    }

    void onStart(@Observes StartupEvent event) {
        register().await().indefinitely();
    }

    public UUID instanceId() {
        return instanceId;
    }

    Uni<Void> register() {
        return client.preparedQuery("""
                INSERT INTO control_plane_instances (instance_id, hostname, version, started_at, last_seen_at)
                VALUES ($1, $2, $3, $4, $4)
                ON CONFLICT (instance_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
                """)
                .execute(Tuple.of(instanceId, hostname(), version, startedAt))
                .replaceWithVoid();
    }

    @Scheduled(every = "30s", delayed = "30s")
    Uni<Void> heartbeat() {
        return client.preparedQuery("UPDATE control_plane_instances SET last_seen_at = now() WHERE instance_id = $1")
                .execute(Tuple.of(instanceId))
                .replaceWithVoid();
    }

    /** Instances seen in the last {@code seconds}, newest first. */
    public Uni<List<ControlPlaneInstance>> recent(int seconds) {
        return client.preparedQuery("""
                SELECT instance_id, hostname, version, started_at, last_seen_at
                FROM control_plane_instances
                WHERE last_seen_at > now() - make_interval(secs => $1)
                ORDER BY started_at DESC
                """)
                .execute(Tuple.of(seconds))
                .map(rows -> {
                    var list = new java.util.ArrayList<ControlPlaneInstance>();
                    for (Row row : rows) {
                        list.add(new ControlPlaneInstance(row.getUUID("instance_id"), row.getString("hostname"),
                                row.getString("version"), row.getOffsetDateTime("started_at"),
                                row.getOffsetDateTime("last_seen_at")));
                    }
                    return list;
                });
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
