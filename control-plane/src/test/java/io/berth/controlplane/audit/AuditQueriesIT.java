package io.berth.controlplane.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.berth.controlplane.agents.AgentProcess;
import io.berth.controlplane.agents.BusyboxArchive;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import io.berth.controlplane.testing.Waits;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The audit queries against a real engine agent (runc containers, busybox imported over REST),
 * real PostgreSQL and Kafka: two users run and commit, and each query names the right one. Rows
 * are checked against the events they cite (position, stream, version, hash).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditQueriesIT {

    private static final String SUITE = UUID.randomUUID().toString().substring(0, 8);

    @TestHTTPResource("/")
    URL root;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private AgentProcess agent;
    private String busyboxId;
    private Instant start;
    private String ada;
    private String bob;
    private String adaToken;
    private String bobToken;

    /** Called by the test that needs it: RestAssured knows the test port only once a test runs. */
    private void agentWithBusyboxAndTwoUsers() throws Exception {
        Assumptions.assumeTrue(AgentProcess.available(), "needs root, runc, conmon and the engine built");
        Path work = Files.createDirectories(Path.of("target", "audit-" + SUITE).toAbsolutePath());
        String hostId = "audit-" + SUITE;
        agent = new AgentProcess(hostId, work.resolve(hostId), kafkaConfig.get("bootstrap.servers").toString(),
                root.toString().replaceAll("/$", ""), "zone=audit", List.of());
        waitFor("host " + hostId + " registered (" + agent.log() + ")",
                () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
        JsonPath imported = given().contentType("application/x-tar").body(Files.readAllBytes(archive))
                .queryParam("host", hostId).queryParam("wait", true).post("/api/v1/images/import").then()
                .statusCode(201).extract().jsonPath();
        assertThat(imported.getString("outcome")).as(agent.logTail()).isEqualTo("done");
        waitFor("busybox on " + hostId,
                () -> !given().get("/api/v1/images/hosts/" + hostId).jsonPath().getList("$").isEmpty());
        busyboxId = given().get("/api/v1/images/hosts/" + hostId).jsonPath().getString("[0].imageId");
        start = Instant.now();
        ada = TestUsers.user(Roles.OPERATOR);
        bob = TestUsers.user(Roles.OPERATOR);
        adaToken = TestUsers.tokenFor(ada);
        bobToken = TestUsers.tokenFor(bob);
    }

    @AfterAll
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private String run(String token, String name, String image) {
        JsonPath ran = given().header("Authorization", TestUsers.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("image", image, "name", name, "cmd", List.of("sh", "-c", "echo " + name
                        + " > /made-by; sleep 120"), "host", agent.hostId()))
                .queryParam("wait", "running").post("/api/v1/containers").then().statusCode(201).extract().jsonPath();
        assertThat(ran.getString("outcome")).as(agent.logTail()).isEqualTo("running");
        return ran.getString("id");
    }

    private void commit(String token, String container, String repository) {
        given().header("Authorization", TestUsers.bearer(token)).contentType(ContentType.JSON)
                .body(Map.of("repository", repository, "tag", SUITE, "author", "someone", "message", "audit test"))
                .post("/api/v1/containers/" + container + "/commit").then().statusCode(200);
    }

    @Test
    void theAuditQueriesReturnTheRightActorForRunsAndCommitsMadeByTwoDifferentUsers() throws Exception {
        agentWithBusyboxAndTwoUsers();
        try {
            runAndCommitAsTwoUsersThenQuery();
        } finally {
            // stopped, drained and removed now (RestAssured is gone by @AfterAll), so no later test
            // sees this host go lost while it runs
            agent.close();
            given().post("/api/v1/hosts/" + agent.hostId() + "/drain");
            given().delete("/api/v1/hosts/" + agent.hostId());
            agent = null;
        }
    }

    private void runAndCommitAsTwoUsersThenQuery() {
        // ada runs by name, bob by image id; each commits the other's container
        String adas = run(adaToken, "ada-" + SUITE, "busybox");
        String bobs = run(bobToken, "bob-" + SUITE, busyboxId);
        commit(bobToken, adas, "audit/from-ada");
        commit(adaToken, bobs, "audit/from-bob");
        waitFor("both commits reported", () -> given().queryParam("image", busyboxId).get("/api/v1/audit/commits")
                .jsonPath().getList("containerId").containsAll(List.of(adas, bobs)));

        // who ran which image: by any spelling of the name, by id
        JsonPath byName = given().queryParam("image", "docker.io/library/busybox:latest").get("/api/v1/audit/runs")
                .then().statusCode(200).extract().jsonPath();
        assertThat(byName.getString("find { it.containerId == '" + adas + "' }.actor")).isEqualTo(ada);
        assertThat(byName.getList("containerId")).doesNotContain(bobs); // bob named it by id
        JsonPath byId = given().queryParam("image", busyboxId).get("/api/v1/audit/runs").jsonPath();
        assertThat(byId.getString("find { it.containerId == '" + adas + "' }.actor")).isEqualTo(ada);
        assertThat(byId.getString("find { it.containerId == '" + bobs + "' }.actor")).isEqualTo(bob);
        assertThat(byId.getString("find { it.containerId == '" + bobs + "' }.hostId")).isEqualTo(agent.hostId());
        assertThat(given().queryParam("image", busyboxId).queryParam("actor", bob).get("/api/v1/audit/runs")
                .jsonPath().getList("containerId")).containsExactly(bobs);

        // who committed what, from which container of which image
        JsonPath bobsCommits = given().queryParam("actor", bob).get("/api/v1/audit/commits").then().statusCode(200)
                .extract().jsonPath();
        assertThat(bobsCommits.getList("containerId")).containsExactly(adas);
        assertThat(bobsCommits.getString("[0].containerName")).isEqualTo("ada-" + SUITE);
        assertThat(bobsCommits.getString("[0].containerImage")).isEqualTo("busybox");
        assertThat(bobsCommits.getString("[0].containerImageId")).isEqualTo(busyboxId);
        assertThat(bobsCommits.getString("[0].parentImageId")).isEqualTo(busyboxId);
        assertThat(bobsCommits.getString("[0].reference")).contains("audit/from-ada:" + SUITE);
        assertThat(bobsCommits.getString("[0].imageId")).startsWith("sha256:").isNotEqualTo(busyboxId);
        JsonPath adasCommits = given().queryParam("actor", ada).get("/api/v1/audit/commits").jsonPath();
        assertThat(adasCommits.getList("containerId")).containsExactly(bobs);
        assertThat(given().queryParam("container", "bob-" + SUITE).get("/api/v1/audit/commits").jsonPath()
                .getList("actor")).containsExactly(ada);
        assertThat(given().queryParam("image", "audit/from-ada:" + SUITE).get("/api/v1/audit/commits").jsonPath()
                .getList("actor")).containsExactly(bob);

        // every row cites its event: the same hash at that stream and version
        Map<String, Object> commitRow = bobsCommits.getMap("[0]");
        JsonPath stream = given().get("/api/v1/containers/" + adas + "/events").jsonPath();
        assertThat(stream.getString("find { it.streamVersion == " + commitRow.get("streamVersion") + " }.hash"))
                .isEqualTo(commitRow.get("hash"));
        assertThat(stream.getString("find { it.streamVersion == " + commitRow.get("streamVersion") + " }.type"))
                .isEqualTo("container.committed");
        assertThat(stream.getString("find { it.streamVersion == " + commitRow.get("requestVersion") + " }.hash"))
                .isEqualTo(commitRow.get("requestHash"));
        Map<String, Object> runRow = byId.getMap("find { it.containerId == '" + adas + "' }");
        assertThat(stream.getString("[0].hash")).isEqualTo(runRow.get("hash"));
        assertThat(((Number) runRow.get("position")).longValue()).isEqualTo(stream.getLong("[0].position"));
        given().get("/api/v1/audit/verify").then().statusCode(200).body("ok", org.hamcrest.Matchers.is(true));

        // everything a user did between two times
        JsonPath adaDid = given().queryParam("from", start.toString())
                .queryParam("to", Instant.now().plusSeconds(60).toString())
                .get("/api/v1/audit/actors/" + ada + "/events").then().statusCode(200).extract().jsonPath();
        assertThat(adaDid.getList("metadata.actor")).containsOnly(ada);
        assertThat(adaDid.getList("type")).contains("container.created", "container.commit-requested");
        assertThat(adaDid.getList("streamId")).contains("container-" + adas, "container-" + bobs);
        assertThat(given().queryParam("to", start.toString()).get("/api/v1/audit/actors/" + ada + "/events")
                .jsonPath().getList("$")).isEmpty();

        // everything that touched the host
        JsonPath host = given().get("/api/v1/audit/hosts/" + agent.hostId() + "/events").then().statusCode(200)
                .extract().jsonPath();
        assertThat(host.getList("streamId")).contains("host-" + agent.hostId(), "container-" + adas,
                "container-" + bobs);
        assertThat(host.getList("type")).contains("container.committed", "image.imported");

        // CSV exports: the same rows, with the chain's columns
        String runsCsv = given().queryParam("image", busyboxId).queryParam("format", "csv").get("/api/v1/audit/runs")
                .then().statusCode(200).header("Content-Disposition", containsString("berth-runs.csv")).extract()
                .asString();
        assertThat(runsCsv).startsWith("position,stream_id,stream_version,hash,recorded_at,actor,");
        assertThat(runsCsv.lines().filter(l -> l.contains(adas)).findFirst().orElseThrow())
                .contains("\"" + ada + "\"", "\"container-" + adas + "\"", (String) runRow.get("hash"));
        String commitsCsv = given().queryParam("actor", bob).queryParam("format", "csv")
                .get("/api/v1/audit/commits").then().statusCode(200).extract().asString();
        assertThat(commitsCsv.split("\r\n")).hasSize(2);
        assertThat(commitsCsv.split("\r\n")[1]).contains("\"" + bob + "\"", "\"ada-" + SUITE + "\"",
                (String) commitRow.get("hash"));
        long newest = host.getLong("[0].position");
        String hostCsv = given().queryParam("format", "csv").queryParam("limit", 3).queryParam("before", newest + 1)
                .get("/api/v1/audit/hosts/" + agent.hostId() + "/events").then().statusCode(200).extract().asString();
        assertThat(hostCsv.split("\r\n")).hasSize(4);
        assertThat(hostCsv).endsWith("," + host.getString("[2].hash") + "\r\n");

        // paging and bad input
        assertThat(given().queryParam("before", newest).queryParam("limit", 1)
                .get("/api/v1/audit/hosts/" + agent.hostId() + "/events").jsonPath().getLong("[0].position"))
                .isEqualTo(host.getLong("[1].position"));
        given().queryParam("image", "Not A Reference").get("/api/v1/audit/runs").then().statusCode(400);
        given().queryParam("from", "yesterday").get("/api/v1/audit/commits").then().statusCode(400)
                .body("message", containsString("ISO-8601"));
        given().queryParam("format", "xml").get("/api/v1/audit/runs").then().statusCode(400);
        given().queryParam("from", "2030-01-01T00:00:00Z").queryParam("to", "2020-01-01T00:00:00Z")
                .get("/api/v1/audit/runs").then().statusCode(400);
    }

    @Test
    void aViewerMayReadTheAuditButAnonymousMayNot() {
        String viewer = TestUsers.token(Roles.VIEWER);
        given().header("Authorization", TestUsers.bearer(viewer)).get("/api/v1/audit/runs").then().statusCode(200);
        given().header(TestUsers.ANONYMOUS, "yes").get("/api/v1/audit/commits").then().statusCode(401);
    }

    static void waitFor(String what, BooleanSupplier condition) {
        Waits.waitFor(what, Duration.ofSeconds(90), condition);
    }
}
