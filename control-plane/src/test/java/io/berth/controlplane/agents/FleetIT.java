package io.berth.controlplane.agents;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.eventstore.EventStore;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerReports;
import io.berth.protocol.agent.HostInstructions;
import io.berth.protocol.agent.ReportEnvelope;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The control plane's side of the fleet against real PostgreSQL and Kafka, with
 * {@link SimulatedAgent}s playing the hosts over Kafka: REST → events → instructions on
 * berth.agent.commands → reports on berth.agent.reports → events.
 */
@QuarkusTest
class FleetIT {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    EventStore store;

    private final List<SimulatedAgent> agents = new ArrayList<>();
    private String suite;
    private SimulatedAgent a;
    private SimulatedAgent b;

    @BeforeEach
    void twoHosts() {
        suite = UUID.randomUUID().toString().substring(0, 8);
        a = agent("a-" + suite, Map.of("suite", suite, "region", "us"));
        b = agent("b-" + suite, Map.of("suite", suite, "region", "eu"));
        waitFor("both hosts registered with busybox", Duration.ofSeconds(30), () ->
                hasImage(a.hostId()) && hasImage(b.hostId()));
    }

    @AfterEach
    void stop() {
        agents.forEach(SimulatedAgent::close);
        agents.clear();
    }

    private SimulatedAgent agent(String hostId, Map<String, String> labels) {
        var agent = new SimulatedAgent(kafkaConfig.get("bootstrap.servers").toString(), hostId, labels);
        agents.add(agent);
        waitFor("host " + hostId + " registered", Duration.ofSeconds(30),
                () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        agent.storeImage("busybox:latest");
        return agent;
    }

    private boolean hasImage(String hostId) {
        return !given().get("/api/v1/images/hosts/" + hostId).jsonPath().getList("$").isEmpty();
    }

    private JsonPath run(Map<String, Object> body, String wait) {
        return given().contentType(ContentType.JSON).body(body).queryParam("wait", wait)
                .post("/api/v1/containers").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aRunPlacedOnHostBRunsThereAndItsStreamTellsTheStory() {
        String name = "web-" + suite;
        JsonPath ran = run(Map.of("image", "busybox", "name", name, "cmd", List.of("sleep", "60"), "host", b.hostId()),
                "running");
        String id = ran.getString("id");
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(ran.getString("commandId")).isNotBlank();
        assertThat(ran.getList("events.type")).containsExactly("container.created", "container.scheduled",
                "container.start-requested");
        assertThat(ran.getList("events.position", Long.class)).allMatch(p -> p > 0);
        assertThat(ran.getString("outcome")).isEqualTo("running");

        // the instruction went to B, with the command's id, and only to B
        var runOnB = b.received.stream().filter(e -> e.type().equals("container.run")).toList();
        assertThat(runOnB).hasSize(1);
        assertThat(runOnB.get(0).commandId().toString()).isEqualTo(ran.getString("commandId"));
        assertThat(a.received.stream().filter(e -> e.type().equals("container.run"))).isEmpty();

        JsonPath inspect = given().get("/api/v1/containers/" + name).then().statusCode(200).extract().jsonPath();
        assertThat(inspect.getString("hostId")).isEqualTo(b.hostId());
        assertThat(inspect.getString("state")).isEqualTo("running");
        assertThat(inspect.getString("ipAddress")).isEqualTo("10.88.0.2");
        // a simulated agent dials no channel: a diff cannot reach the host
        given().get("/api/v1/containers/" + name + "/diff").then().statusCode(503)
                .body("error", org.hamcrest.Matchers.equalTo("host-unavailable"))
                .body("message", org.hamcrest.Matchers.containsString(b.hostId()));

        assertThat(given().queryParam("wait", "exited").post("/api/v1/containers/" + name + "/stop").then()
                .statusCode(200).extract().jsonPath().getString("outcome")).isEqualTo("exited");
        assertThat(given().queryParam("wait", "removed").delete("/api/v1/containers/" + id).then()
                .statusCode(200).extract().jsonPath().getString("outcome")).isEqualTo("removed");

        JsonPath events = given().get("/api/v1/containers/" + id + "/events").then().statusCode(200).extract()
                .jsonPath();
        assertThat(events.getList("type")).containsExactly("container.created", "container.scheduled",
                "container.start-requested", "container.prepared", "container.started", "container.stop-requested",
                "container.stopped", "container.remove-requested", "container.removed");
        assertThat(events.getList("streamVersion", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        List<Long> positions = events.getList("position", Long.class);
        assertThat(positions).isSorted();
        assertThat(events.getString("[0].metadata.actor")).isEqualTo("admin");
        assertThat(events.getString("[0].metadata.source")).isEqualTo("rest");
        assertThat(events.getString("[4].metadata.actor")).isEqualTo("agent:" + b.hostId());
        assertThat(events.getString("[4].metadata.source")).isEqualTo("agent");

        // the name is free again once the container is removed
        run(Map.of("image", "busybox", "name", name, "host", a.hostId()), "running");
    }

    @Test
    void placementFollowsLabelsAndThenLoad() {
        JsonPath eu = run(Map.of("image", "busybox", "constraints", List.of("suite=" + suite, "region=eu")), "running");
        assertThat(eu.getString("view.hostId")).isEqualTo(b.hostId());
        // b has one running now: the next two spread to a first, then either
        JsonPath next = run(Map.of("image", "busybox", "constraints", List.of("suite=" + suite)), "running");
        assertThat(next.getString("view.hostId")).isEqualTo(a.hostId());
        waitFor("views caught up", Duration.ofSeconds(10), () -> given().queryParam("host", a.hostId())
                .get("/api/v1/containers").jsonPath().getList("$").size() == 1);
        var counts = new java.util.HashMap<String, Integer>();
        for (int i = 0; i < 4; i++) {
            String host = run(Map.of("image", "busybox", "constraints", List.of("suite=" + suite)), "running")
                    .getString("view.hostId");
            counts.merge(host, 1, Integer::sum);
            String id = host;
            waitFor("views caught up", Duration.ofSeconds(10), () -> given().queryParam("host", id)
                    .get("/api/v1/containers").jsonPath().getList("$").size() >= 1);
            sleep(100);
        }
        assertThat(counts.get(a.hostId())).isEqualTo(2);
        assertThat(counts.get(b.hostId())).isEqualTo(2);

        // nothing in region=mars: a clear refusal, nothing created
        given().contentType(ContentType.JSON).body(Map.of("image", "busybox", "constraints", List.of("region=mars")))
                .post("/api/v1/containers").then().statusCode(409)
                .body("error", org.hamcrest.Matchers.equalTo("unplaceable"))
                .body("message", org.hamcrest.Matchers.containsString("label region=mars not present"));
    }

    @Test
    void aHostThatNeverEnrolledTakesNoContainers() {
        // registered over REST (as hosts were before enrollment): it could not read a sealed instruction
        String hostId = "unenrolled-" + suite;
        given().contentType(ContentType.JSON).body(Map.of("hostId", hostId, "name", hostId,
                        "capacity", Map.of("cpus", 4, "memoryBytes", 8589934592L, "diskBytes", 0)))
                .post("/api/v1/hosts").then().statusCode(200);
        waitFor("registered", Duration.ofSeconds(10), () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        given().contentType(ContentType.JSON).body(Map.of("image", "busybox", "host", hostId))
                .post("/api/v1/containers").then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("not enrolled"));
    }

    @Test
    void drainedAndLostHostsTakeNoContainers() {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/hosts/" + a.hostId() + "/drain").then()
                .statusCode(200);
        waitFor("drain visible", Duration.ofSeconds(10), () -> "drained".equals(
                given().get("/api/v1/hosts/" + a.hostId()).jsonPath().getString("availability")));
        given().contentType(ContentType.JSON).body(Map.of("image", "busybox", "host", a.hostId()))
                .post("/api/v1/containers").then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("drained"));
        b.heartbeating(false);
        waitFor("b lost", Duration.ofSeconds(20), () -> !given().get("/api/v1/hosts/" + b.hostId()).jsonPath()
                .getBoolean("reachable"));
        given().contentType(ContentType.JSON).body(Map.of("image", "busybox", "constraints", List.of("suite=" + suite)))
                .post("/api/v1/containers").then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("lost"));
        // back: its heartbeat brings it back and it is sent a Reconcile
        int reconcilesBefore = (int) b.received.stream().filter(e -> e.type().equals("host.reconcile")).count();
        b.heartbeating(true);
        waitFor("b back", Duration.ofSeconds(20), () -> given().get("/api/v1/hosts/" + b.hostId()).jsonPath()
                .getBoolean("reachable"));
        waitFor("b reconciled", Duration.ofSeconds(20), () -> b.received.stream()
                .filter(e -> e.type().equals("host.reconcile")).count() > reconcilesBefore);
    }

    @Test
    void aReconcileListsWhatTheLogPlacesOnTheHost() {
        String id = run(Map.of("image", "busybox", "host", a.hostId(), "cmd", List.of("sleep", "9")), "running")
                .getString("id");
        String gone = run(Map.of("image", "busybox", "host", a.hostId()), "running").getString("id");
        given().queryParam("force", true).queryParam("wait", "removed").delete("/api/v1/containers/" + gone).then()
                .statusCode(200);
        a.heartbeating(false);
        waitFor("a lost", Duration.ofSeconds(20), () -> !given().get("/api/v1/hosts/" + a.hostId()).jsonPath()
                .getBoolean("reachable"));
        a.heartbeating(true);
        waitFor("a reconciled", Duration.ofSeconds(20), () -> lastReconcile(a) != null
                && lastReconcile(a).containers().stream().anyMatch(c -> c.definition().containerId().equals(id)));
        var reconcile = lastReconcile(a);
        assertThat(reconcile.containers()).noneMatch(c -> c.definition().containerId().equals(gone));
        assertThat(reconcile.containers()).filteredOn(c -> c.definition().containerId().equals(id))
                .singleElement().satisfies(c -> {
                    assertThat(c.running()).isTrue();
                    assertThat(c.definition().spec().cmd()).containsExactly("sleep", "9");
                });
    }

    private static HostInstructions.Reconcile lastReconcile(SimulatedAgent agent) {
        HostInstructions.Reconcile last = null;
        for (var e : agent.received) {
            if (e.type().equals("host.reconcile")) {
                last = (HostInstructions.Reconcile) AgentCodec.instruction(e);
            }
        }
        return last;
    }

    @Test
    void aRedeliveredReportAppendsNothing() {
        a.answering(false);
        JsonPath ran = run(Map.of("image", "busybox", "host", a.hostId()), null);
        String id = ran.getString("id");
        waitFor("a received the run", Duration.ofSeconds(10), () -> a.received.stream()
                .anyMatch(e -> e.type().equals("container.run")));
        ReportEnvelope started = AgentCodec.wrap(a.hostId(), UUID.fromString(ran.getString("commandId")),
                new ContainerReports.ContainerStarted(id, 7, null, java.time.Instant.now()));
        a.send(started);
        a.send(started);
        a.send(started);
        waitFor("started", Duration.ofSeconds(10), () -> "running".equals(
                given().get("/api/v1/containers/" + id).jsonPath().getString("state")));
        sleep(500);
        List<String> types = given().get("/api/v1/containers/" + id + "/events").jsonPath().getList("type");
        assertThat(types.stream().filter("container.started"::equals)).hasSize(1);
    }

    @Test
    void anIdempotencyKeyRunsOnce() {
        String key = UUID.randomUUID().toString();
        var body = Map.<String, Object>of("image", "busybox", "host", a.hostId());
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/containers").then().statusCode(201).extract().jsonPath().getString("id");
        JsonPath again = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/containers").then().statusCode(201).extract().jsonPath();
        assertThat(again.getString("id")).isEqualTo(first);
        assertThat(again.getBoolean("alreadyApplied")).isTrue();
        sleep(500);
        assertThat(a.received.stream().filter(e -> e.type().equals("container.run")).count()).isEqualTo(1);
    }

    /**
     * A command goes to its host from the events its append handed over, not only once the
     * dispatcher's log read comes to it: here another "replica" holds the dispatcher's log read
     * (its advisory lock) and the run still reaches the host; when the read gets there it sends
     * nothing again.
     */
    @Test
    void aCommandIsSentAheadOfTheLogReadAndTheReadDoesNotRepeatIt() {
        var otherReplica = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            otherReplica.preparedQuery("SELECT pg_advisory_lock(hashtextextended($1, 0))")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(agentsConfig.dispatcherName()))
                    .await().atMost(Duration.ofSeconds(10));
            JsonPath ran = run(Map.of("image", "busybox", "host", a.hostId()), "running");
            assertThat(ran.getString("outcome")).isEqualTo("running");
            assertThat(checkpoint()).isLessThan(ran.getLong("events[2].position"));
        } finally {
            otherReplica.preparedQuery("SELECT pg_advisory_unlock(hashtextextended($1, 0))")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(agentsConfig.dispatcherName()))
                    .await().atMost(Duration.ofSeconds(10));
            otherReplica.close().await().atMost(Duration.ofSeconds(10));
        }
        long last = lastPosition();
        waitFor("the log read passed the run", Duration.ofSeconds(20), () -> checkpoint() >= last);
        sleep(300);
        assertThat(a.received.stream().filter(e -> e.type().equals("container.run")).count()).isEqualTo(1);
    }

    private long checkpoint() {
        return pool.preparedQuery("SELECT position FROM subscription_checkpoints WHERE name = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(agentsConfig.dispatcherName()))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long lastPosition() {
        return pool.query("SELECT coalesce(max(position), 0) FROM events").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    @Inject
    AgentsConfig agentsConfig;

    @Test
    void badInputIsRefusedWithAMessageAndCreatesNothing() {
        String taken = "taken-" + suite;
        run(Map.of("image", "busybox", "name", taken, "host", a.hostId()), "running");
        long before = containerStreams();

        refused(Map.of("image", "no-such-image-" + suite), 404, "no host has image");
        refused(Map.of("image", "busybox", "name", "bad name!"), 400, "invalid container name");
        refused(Map.of("image", "busybox", "name", taken), 409, "is taken");
        refused(Map.of("image", "busybox", "host", "no-such-host-" + suite), 404, "no host");
        refused(Map.of("image", "busybox", "memoryBytes", -1), 400, "memoryBytes must not be negative");
        refused(Map.of("image", "busybox", "cpus", -0.5), 400, "cpus");
        refused(Map.of("image", "busybox", "restartPolicy", "sometimes"), 400, "restartPolicy");
        refused(Map.of("name", "x1"), 400, "image is required");
        given().contentType(ContentType.JSON).body("{\"image\": \"busybox\", ").post("/api/v1/containers").then()
                .statusCode(400);
        given().contentType(ContentType.JSON).body("{\"image\": \"busybox\", \"memoryBytes\": \"lots\"}")
                .post("/api/v1/containers").then().statusCode(400);
        given().post("/api/v1/containers/" + "f".repeat(64) + "/start").then().statusCode(404);
        given().queryParam("signal", "rm -rf").post("/api/v1/containers/" + taken + "/kill").then().statusCode(400);
        given().delete("/api/v1/containers/" + taken).then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("force"));

        assertThat(containerStreams()).isEqualTo(before);
    }

    /** Every container ever created, and every name ever claimed: what bad input must not add to. */
    private long containerStreams() {
        return pool.query("SELECT count(*) FROM events WHERE event_type IN ('container.created',"
                + " 'container.name-claimed')").execute().await().atMost(Duration.ofSeconds(10)).iterator().next()
                .getLong(0);
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    private static void refused(Map<String, Object> body, int status, String message) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/containers").then().statusCode(status)
                .body("message", org.hamcrest.Matchers.containsString(message));
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
