package io.berth.controlplane.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard benchmark (bench/dashboard/run.sh): seeds a fleet of 10 hosts and
 * {@code dashboard.bench.containers} running containers straight into the event store through the
 * REST append (no agent: the events are those the agents' reports would produce), waits for the
 * container view to hold them all, then runs bench/dashboard/bench.mjs in chromium and writes its
 * report to {@code dashboard.bench.out}. Skipped unless {@code -Ddashboard.bench.out} is set.
 */
@QuarkusTest
class DashboardBenchIT {

    @TestHTTPResource("/")
    URL root;

    @Test
    void containersPageLoadAndLiveLatency() throws Exception {
        String out = System.getProperty("dashboard.bench.out");
        Assumptions.assumeTrue(out != null, "benchmark: set -Ddashboard.bench.out");
        int count = Integer.getInteger("dashboard.bench.containers", 10_000);
        String base = root.toString().replaceAll("/$", "");
        String suite = FleetSeed.hex64().substring(0, 6);
        var hosts = new ArrayList<String>();
        var images = new ArrayList<String>();
        for (int h = 0; h < 10; h++) {
            String host = "bench-" + suite + "-" + h;
            FleetSeed.host(host, Map.of("zone", "z" + (h % 3)));
            hosts.add(host);
            images.add(FleetSeed.importedImage(host, "busybox:latest"));
        }
        long seedStart = System.nanoTime();
        HttpClient http = HttpClient.newHttpClient();
        var pool = Executors.newFixedThreadPool(16);
        var futures = new ArrayList<Future<Integer>>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(pool.submit((Callable<Integer>) () -> {
                String id = FleetSeed.hex64();
                String host = hosts.get(n % hosts.size());
                String image = images.get(n % images.size());
                String body = """
                        {"expectedVersion":0,"events":[
                         {"type":"container.created","schemaVersion":1,"data":{"containerId":"%1$s","name":"seed-%2$d","image":"busybox","imageId":"%4$s","spec":{"cmd":["sleep","3600"],"env":[],"tty":false,"openStdin":false,"labels":{"app":"app%5$d"},"restartPolicy":"no","memoryBytes":0,"nanoCpus":0,"pidsLimit":0,"readOnlyRootfs":false,"autoRemove":false}}},
                         {"type":"container.scheduled","schemaVersion":1,"data":{"containerId":"%1$s","hostId":"%3$s","reason":"seeded","start":false}},
                         {"type":"container.prepared","schemaVersion":1,"data":{"containerId":"%1$s","hostId":"%3$s","imageId":"%4$s"}},
                         {"type":"container.started","schemaVersion":1,"data":{"containerId":"%1$s","hostId":"%3$s","pid":%2$d,"ipAddress":"10.88.0.2"}}]}
                        """.formatted(id, n, host, image, n % 20);
                return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/streams/container-" + id + "/events"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            }));
        }
        for (Future<Integer> f : futures) {
            assertThat(f.get(5, TimeUnit.MINUTES)).isEqualTo(200);
        }
        pool.shutdown();
        long seeded = System.nanoTime();
        DashboardApiIT.waitFor("the container view holds every seeded container",
                () -> given().get("/api/v1/containers").jsonPath().getList("id").size() >= count);
        long projected = System.nanoTime();

        Path report = Path.of(out).toAbsolutePath();
        Files.createDirectories(report.getParent());
        var node = new ProcessBuilder("node", "../bench/dashboard/bench.mjs").directory(Path.of("..", "web-ui")
                .toAbsolutePath().normalize().toFile()).redirectErrorStream(true)
                .redirectOutput(new File(report + ".node.log"));
        node.environment().put("BERTH_URL", base);
        node.environment().put("BENCH_CONTAINERS", Integer.toString(count));
        // the browser contexts send the admin token on every request (no login form in the timings)
        node.environment().put("BERTH_E2E_TOKEN", io.berth.controlplane.identity.DefaultTestCredentials.adminToken());
        Process process = node.start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(Path.of(report + ".node.log"));
        assertThat(process.exitValue()).as(output).isZero();
        Files.writeString(report, "| seeding %d containers (4 events each, 16 REST clients) | %d ms, then %d ms until the view held them |%n"
                .formatted(count, (seeded - seedStart) / 1_000_000, (projected - seeded) / 1_000_000) + output);
    }
}
