package io.berth.controlplane.projections;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.hosts.HostService;
import io.berth.controlplane.hosts.HostViewProjection;
import io.berth.protocol.hosts.DrainHost;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import io.berth.protocol.hosts.MarkHostBack;
import io.berth.protocol.hosts.MarkHostLost;
import io.berth.protocol.hosts.RegisterHost;
import io.berth.protocol.hosts.RemoveHost;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectionRebuildIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    HostService hosts;
    @Inject
    EventStore store;
    @Inject
    ProjectionRunner runner;
    @Inject
    Pool pool;

    @Test
    void rebuildingTheHostsProjectionFromZeroYieldsTheViewIncrementalUpdatesBuilt() throws Exception {
        String prefix = "rebuild-" + UUID.randomUUID() + "-";
        EventMetadata meta = EventMetadata.system("test");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = prefix + i;
            ids.add(id);
            hosts.handle(id, new RegisterHost(id, "n" + i, Map.of("rack", "r" + (i % 3)), new HostCapacity(1 + i, 1L << 30, 0),
                    new HostVersions("0.1", "runc", "6.1", "debian")), meta).await().atMost(WAIT);
            if (i % 2 == 0) {
                hosts.handle(id, new MarkHostLost(id, "silent " + i), meta).await().atMost(WAIT);
            }
            if (i % 4 == 0) {
                hosts.handle(id, new MarkHostBack(id), meta).await().atMost(WAIT);
            }
            if (i % 3 == 0) {
                hosts.handle(id, new DrainHost(id, "maintenance"), meta).await().atMost(WAIT);
            }
            if (i % 6 == 0) {
                hosts.handle(id, new RemoveHost(id), meta).await().atMost(WAIT);
            }
        }
        awaitCheckpointPast(lastCursor(ids));
        Map<String, String> first = view(prefix);
        assertThat(first).hasSize(10); // 12 registered, 2 removed (0 and 6)
        assertThat(first.get(prefix + 3)).contains("\"availability\": \"drained\"");

        // Other parts of the control plane (host liveness) may append to these hosts at any
        // time; compare only views of the same events, so retry if the streams moved meanwhile.
        for (int attempt = 1; ; attempt++) {
            awaitCheckpointPast(lastCursor(ids));
            Map<String, String> incremental = view(prefix);
            LogCursor before = lastCursor(ids);
            // Wipe our rows: only a replay from the start of the log can bring them back.
            pool.preparedQuery("DELETE FROM host_view WHERE host_id LIKE $1").execute(Tuple.of(prefix + "%"))
                    .await().atMost(WAIT);
            given().post("/api/v1/projections/" + HostViewProjection.NAME + "/rebuild").then().statusCode(202)
                    .body("name", equalTo("hosts"));
            awaitCheckpointPast(lastCursor(ids));
            Map<String, String> rebuilt = view(prefix);
            if (lastCursor(ids).equals(before) || attempt == 5) {
                assertThat(rebuilt).isEqualTo(incremental);
                break;
            }
        }

        given().get("/api/v1/projections").then().statusCode(200).body("find { it.name == 'hosts' }.lastError",
                equalTo(null));
        given().post("/api/v1/projections/nope/rebuild").then().statusCode(404);
    }

    @Test
    void lagIsExposedAsAMetricAndInHealth() {
        runner.status();
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("berth_projection_lag{projection=\"hosts\"}"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'projections' }.data.'hosts.lag'", org.hamcrest.Matchers.notNullValue());
    }

    private LogCursor lastCursor(List<String> ids) {
        LogCursor last = LogCursor.START;
        for (String id : ids) {
            for (var e : store.readStream("host-" + id).await().atMost(WAIT)) {
                if (e.cursor().compareTo(last) > 0) {
                    last = e.cursor();
                }
            }
        }
        return last;
    }

    private void awaitCheckpointPast(LogCursor last) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (runner.checkpoint(HostViewProjection.NAME).compareTo(last) < 0) {
            assertThat(System.nanoTime()).as("projection caught up in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private Map<String, String> view(String prefix) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Row row : pool.preparedQuery("SELECT host_id, stream_version, view::text FROM host_view"
                + " WHERE host_id LIKE $1 ORDER BY host_id").execute(Tuple.of(prefix + "%")).await().atMost(WAIT)) {
            rows.put(row.getString(0), row.getLong(1) + " " + row.getString(2));
        }
        return rows;
    }
}
