package io.berth.controlplane.system;

import io.berth.controlplane.identity.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    private final InstanceRegistry registry;
    private final KafkaClusterProbe kafka;
    private final Pool client;
    private final String version;

    public SystemResource(InstanceRegistry registry, KafkaClusterProbe kafka, Pool client,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.registry = registry;
        this.kafka = kafka;
        this.client = client;
        this.version = version;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/info")
    @Operation(summary = "The control plane, its database and Kafka cluster, and the replicas seen in the last 2 minutes")
    public Uni<SystemInfo> info() {
        Uni<String> postgres = client.query("SHOW server_version").execute()
                .map(rows -> rows.iterator().next().getString(0));
        return Uni.combine().all().unis(postgres, kafka.describe(), registry.recent(120))
                .with((pg, cluster, instances) -> new SystemInfo(registry.instanceId(), version, pg,
                        cluster.clusterId(), cluster.brokers(), instances));
    }
}
