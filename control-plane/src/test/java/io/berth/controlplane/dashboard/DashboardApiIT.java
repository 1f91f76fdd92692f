package io.berth.controlplane.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.berth.controlplane.testing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's own reads (packages dashboardapi and timetravel) against a real PostgreSQL:
 * the live start position, the audit query and export, the lineage graph and the fleet as of a
 * past position or time.
 */
@QuarkusTest
class DashboardApiIT {

    private final String suite = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void auditQueryFiltersAndExports() {
        String host = "dash-" + suite;
        FleetSeed.host(host, Map.of("zone", "a"));
        String image = FleetSeed.importedImage(host, "busybox:" + suite);
        String container = FleetSeed.runningContainer("web-" + suite, "busybox:" + suite, image, host, Map.of());

        JsonPath byContainer = given().queryParam("container", container).get("/api/v1/dashboard/audit").then()
                .statusCode(200).extract().jsonPath();
        assertThat(byContainer.getList("type")).containsExactly("container.started", "container.prepared",
                "container.scheduled", "container.created");
        assertThat(byContainer.getList("position", Long.class)).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(given().queryParam("host", host).queryParam("action", "image.").get("/api/v1/dashboard/audit")
                .jsonPath().getList("data.imageId")).containsExactly(image);
        assertThat(given().queryParam("image", image).queryParam("action", "container.created")
                .get("/api/v1/dashboard/audit").jsonPath().getList("data.containerId")).containsExactly(container);
        assertThat(given().queryParam("actor", "nobody-" + suite).get("/api/v1/dashboard/audit").jsonPath()
                .getList("$")).isEmpty();
        assertThat(given().queryParam("container", container).queryParam("from", "2100-01-01T00:00:00Z")
                .get("/api/v1/dashboard/audit").jsonPath().getList("$")).isEmpty();
        long newest = byContainer.getLong("[0].position");
        assertThat(given().queryParam("container", container).queryParam("before", newest).queryParam("limit", 2)
                .get("/api/v1/dashboard/audit").jsonPath().getList("type"))
                .containsExactly("container.prepared", "container.scheduled");

        String csv = given().queryParam("container", container).queryParam("format", "csv")
                .get("/api/v1/dashboard/audit/export").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("berth-audit.csv")).extract()
                .asString();
        assertThat(csv.split("\r\n")).hasSize(5);
        assertThat(csv).startsWith("position,recorded_at,stream_id").contains("\"container.created\"", container,
                "\"admin\"");
        assertThat(given().queryParam("container", container).queryParam("format", "json")
                .get("/api/v1/dashboard/audit/export").then().statusCode(200).extract().jsonPath().getList("type"))
                .hasSize(4);
        given().queryParam("from", "yesterday").get("/api/v1/dashboard/audit").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("ISO-8601"));
        given().queryParam("format", "xml").get("/api/v1/dashboard/audit/export").then().statusCode(400);
    }

    @Test
    void lineageHasCommitAndTagEdgesWithTheContainerName() {
        String host = "lin-" + suite;
        FleetSeed.host(host, Map.of());
        String base = FleetSeed.importedImage(host, "base:" + suite);
        String container = FleetSeed.runningContainer("builder-" + suite, "base:" + suite, base, host, Map.of());
        String commit = FleetSeed.committedImage(host, base, container, "app:" + suite, "ada");
        waitFor("the commit in image_view", () -> given().get("/api/v1/dashboard/lineage").jsonPath()
                .getList("nodes.imageId").contains(commit));
        JsonPath graph = given().get("/api/v1/dashboard/lineage").jsonPath();
        Map<String, Object> edge = graph.getMap("edges.find { it.kind == 'committed' && it.to == '" + commit + "' }");
        assertThat(edge).containsEntry("from", base).containsEntry("containerId", container)
                .containsEntry("containerName", "builder-" + suite).containsEntry("author", "ada");
        assertThat(graph.getList("edges.findAll { it.kind == 'tagged' && it.from == '" + commit + "' }.to"))
                .containsExactly("docker.io/library/app:" + suite);
    }

    @Test
    void fleetAsOfAPositionOrTimeIsRebuiltFromTheLog() throws Exception {
        String host = "tt-" + suite;
        FleetSeed.host(host, Map.of());
        String image = FleetSeed.importedImage(host, "tt:" + suite);
        long before = given().queryParam("host", host).queryParam("limit", 1).get("/api/v1/dashboard/audit")
                .jsonPath().getLong("[0].position");
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        String container = FleetSeed.runningContainer("tt-" + suite, "tt:" + suite, image, host, Map.of("app", "x"));

        JsonPath then = given().queryParam("position", before).get("/api/v1/timetravel/fleet").then().statusCode(200)
                .extract().jsonPath();
        assertThat(then.getList("hosts.hostId")).contains(host);
        assertThat(then.getList("containers.id")).doesNotContain(container);
        assertThat(then.getList("images.imageId")).contains(image);
        assertThat(then.getLong("position")).isLessThanOrEqualTo(before);

        JsonPath atTime = given().queryParam("at", between.toString()).get("/api/v1/timetravel/fleet").jsonPath();
        assertThat(atTime.getList("containers.id")).doesNotContain(container);
        JsonPath now = given().queryParam("at", Instant.now().plusSeconds(5).toString())
                .get("/api/v1/timetravel/fleet").jsonPath();
        Map<String, Object> c = now.getMap("containers.find { it.id == '" + container + "' }");
        assertThat(c).containsEntry("state", "running").containsEntry("hostId", host).containsEntry("name",
                "tt-" + suite);
        given().get("/api/v1/timetravel/fleet").then().statusCode(400);
        given().queryParam("at", "soon").get("/api/v1/timetravel/fleet").then().statusCode(400);
    }

    @Test
    void liveStartIsAPositionTheStreamAccepts() {
        FleetSeed.host("live-" + suite, Map.of());
        waitFor("the projections checkpointed", () -> given().get("/api/v1/dashboard/live-start").jsonPath()
                .getLong("position") > 0);
        long position = given().get("/api/v1/dashboard/live-start").jsonPath().getLong("position");
        // the stream answers 200 (not 400) for a since it can resume after
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/api/v1/events/stream?since=" + position))
                        .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertThat(response.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            response.cancel(true);
        }
    }

    static void waitFor(String what, BooleanSupplier condition) {
        Waits.waitFor(what, Duration.ofSeconds(90), condition);
    }

}
