package io.berth.controlplane.agents;

import static io.berth.controlplane.agents.FleetIT.waitFor;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real agents (child JVMs running io.berth.engine.agent.AgentMain with separate state
 * directories and host ids) against this control plane, real PostgreSQL, Kafka and runc. The
 * busybox image reaches both hosts through the REST import.
 */
@QuarkusTest
class TwoAgentsIT {

    private static final String SUITE = UUID.randomUUID().toString().substring(0, 8);
    private static final List<AgentProcess> STARTED = new ArrayList<>();
    private static AgentProcess a;
    private static AgentProcess b;
    private static Path work;
    private static Throwable setupFailed;

    @TestHTTPResource("/")
    URL controlPlane;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @Inject
    AgentDispatcher dispatcher;
    @Inject
    ReportIngestor ingestor;

    @BeforeEach
    void agents() throws Exception {
        Assumptions.assumeTrue(AgentProcess.available(), "needs root, runc, conmon and the engine built (-am)");
        if (setupFailed != null) {
            // not again: a second agent with the same host id and state would fight the first one
            throw new AssertionError("the agents did not start: " + setupFailed.getMessage(), setupFailed);
        }
        if (a != null) {
            return;
        }
        try {
            work = Files.createDirectories(Path.of("target", "two-agents-" + SUITE).toAbsolutePath());
            a = agent("it-a-" + SUITE, "region=us,suite=" + SUITE, List.of());
            b = agent("it-b-" + SUITE, "region=eu,suite=" + SUITE, List.of());
            Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
            for (AgentProcess agent : List.of(a, b)) {
                importBusybox(agent, archive);
            }
        } catch (Exception | AssertionError e) {
            a = null;
            setupFailed = e;
            throw e;
        }
    }

    private AgentProcess agent(String hostId, String labels, List<String> jvmOptions) throws Exception {
        String url = controlPlane.toString().replaceAll("/$", "");
        var agent = new AgentProcess(hostId, work.resolve(hostId), kafkaConfig.get("bootstrap.servers").toString(),
                url, labels, jvmOptions);
        STARTED.add(agent);
        waitFor("host " + hostId + " registered (" + agent.log() + ")", Duration.ofSeconds(60),
                () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        return agent;
    }

    private static void importBusybox(AgentProcess agent, Path archive) throws Exception {
        JsonPath imported = given().contentType("application/x-tar").body(Files.readAllBytes(archive))
                .queryParam("host", agent.hostId()).queryParam("wait", true).post("/api/v1/images/import").then()
                .statusCode(201).extract().jsonPath();
        assertThat(imported.getString("outcome")).as(agent.logTail()).isEqualTo("done");
        waitFor("busybox on " + agent.hostId(), Duration.ofSeconds(30), () -> !given()
                .get("/api/v1/images/hosts/" + agent.hostId()).jsonPath().getList("$").isEmpty());
    }

    @AfterAll
    static void stopAgents() throws Exception {
        for (AgentProcess agent : STARTED) {
            agent.close();
        }
    }

    private static JsonPath run(Map<String, Object> body, String wait) {
        return given().contentType(ContentType.JSON).body(body).queryParam("wait", wait).queryParam("timeout", 60)
                .post("/api/v1/containers").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aRunOnHostBRunsThereWithLogsExecStopAndRemove() throws Exception {
        String name = "hello-" + SUITE;
        JsonPath ran = run(Map.of("image", "busybox", "name", name, "host", b.hostId(),
                "cmd", List.of("sh", "-c", "echo hello from b; sleep 300")), "running");
        assertThat(ran.getString("outcome")).as(b.logTail()).isEqualTo("running");
        assertThat(ran.getString("view.hostId")).isEqualTo(b.hostId());
        String id = ran.getString("id");
        assertThat(ran.getInt("view.pid")).isPositive();

        waitFor("the log line", Duration.ofSeconds(20), () -> given().get("/api/v1/containers/" + name + "/logs")
                .then().statusCode(200).extract().asString().contains("hello from b"));

        JsonPath exec = given().contentType(ContentType.JSON).body(Map.of("cmd", List.of("sh", "-c",
                "echo out; echo err >&2; exit 3"))).post("/api/v1/containers/" + name + "/exec").then()
                .statusCode(200).extract().jsonPath();
        assertThat(exec.getInt("exitCode")).isEqualTo(3);
        assertThat(exec.getString("stdout")).isEqualTo("out\n");
        assertThat(exec.getString("stderr")).isEqualTo("err\n");

        assertThat(interactiveExec(name, "read line; echo got $line; exit 5", "hello\n"))
                .isEqualTo("got hello\n{\"exitCode\":5}");
        // the socket's end is recorded after the client saw the exit code: wait for it, so the
        // stream's order below is the order of the test's own steps
        waitFor("the interactive exec's end recorded", Duration.ofSeconds(20), () -> given()
                .get("/api/v1/containers/" + id + "/events").jsonPath().getList("type").stream()
                .filter("container.exec-ended"::equals).count() == 2);

        assertThat(given().queryParam("wait", "exited").queryParam("t", 1).post("/api/v1/containers/" + id + "/stop")
                .then().statusCode(200).extract().jsonPath().getString("outcome")).isEqualTo("exited");
        assertThat(given().queryParam("wait", "removed").delete("/api/v1/containers/" + id).then().statusCode(200)
                .extract().jsonPath().getString("outcome")).isEqualTo("removed");

        JsonPath events = given().get("/api/v1/containers/" + id + "/events").jsonPath();
        assertThat(events.getList("type")).containsExactly("container.created", "container.scheduled",
                "container.start-requested", "container.prepared", "container.started", "container.exec-started",
                "container.exec-ended", "container.exec-started", "container.exec-ended", "container.stop-requested", "container.stopped",
                "container.remove-requested", "container.removed");
        assertThat(events.getList("position", Long.class)).isSorted();
        assertThat(events.getList("metadata.actor")).startsWith("admin", "admin", "admin",
                "agent:" + b.hostId(), "agent:" + b.hostId());
        assertThat(events.getInt("[6].data.exitCode")).isEqualTo(3);
        assertThat(a.logTail()).doesNotContain(id);
    }

    @Test
    void diffListsWhatTheContainerAddedChangedAndDeletedOnItsHost() {
        String name = "diff-" + SUITE;
        String id = run(Map.of("image", "busybox", "name", name, "host", a.hostId(), "cmd", List.of("sleep", "300")),
                "running").getString("id");
        assertThat(given().contentType(ContentType.JSON).body(Map.of("cmd", List.of("sh", "-c",
                "echo new > /etc/added && rm /etc/group && echo more >> /etc/passwd && mkdir /data && echo x > /data/f")))
                .post("/api/v1/containers/" + name + "/exec").then().statusCode(200).extract().jsonPath()
                .getInt("exitCode")).isZero();
        List<String> expected = List.of("added /data", "added /data/f", "changed /etc", "added /etc/added",
                "deleted /etc/group", "changed /etc/passwd");

        assertThat(diff(name)).isEqualTo(expected);
        given().queryParam("wait", "exited").queryParam("t", 1).post("/api/v1/containers/" + id + "/stop").then()
                .statusCode(200);
        assertThat(diff(id)).as("a stopped container keeps its changes").isEqualTo(expected);
        long eventsBefore = given().get("/api/v1/containers/" + id + "/events").jsonPath().getList("$").size();
        given().queryParam("wait", "removed").delete("/api/v1/containers/" + id).then().statusCode(200);

        given().get("/api/v1/containers/" + id + "/diff").then().statusCode(409)
                .body("message", org.hamcrest.Matchers.containsString("removed"));
        given().get("/api/v1/containers/no-such-" + SUITE + "/diff").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.equalTo("not-found"));
        assertThat(given().get("/api/v1/containers/" + id + "/events").jsonPath().getList("type"))
                .as("a diff is a read: it records nothing").hasSize((int) eventsBefore + 2);
    }

    private static List<String> diff(String container) {
        JsonPath diff = given().get("/api/v1/containers/" + container + "/diff").then().statusCode(200).extract()
                .jsonPath();
        List<String> kinds = diff.getList("kind");
        List<String> paths = diff.getList("path");
        var changes = new ArrayList<String>();
        for (int i = 0; i < paths.size(); i++) {
            changes.add(kinds.get(i) + " " + paths.get(i));
        }
        return changes;
    }

    /** Runs {@code script} over the exec WebSocket, typing {@code input}; what came back, in order. */
    private String interactiveExec(String container, String script, String input) throws Exception {
        var received = new StringBuilder();
        var done = new java.util.concurrent.CompletableFuture<Void>();
        String ws = controlPlane.toString().replaceFirst("^http", "ws") + "api/v1/containers/" + container
                + "/exec/ws?cmd=sh&cmd=-c&cmd=" + java.net.URLEncoder.encode(script, java.nio.charset.StandardCharsets.UTF_8);
        var socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken()).buildAsync(java.net.URI.create(ws),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                            boolean last) {
                        synchronized (received) {
                            received.append(data);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w,
                            java.nio.ByteBuffer data, boolean last) {
                        byte[] bytes = new byte[data.remaining()];
                        data.get(bytes);
                        synchronized (received) {
                            received.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int status,
                            String reason) {
                        done.complete(null);
                        return null;
                    }
                }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        socket.sendText(input, true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        done.get(30, java.util.concurrent.TimeUnit.SECONDS);
        synchronized (received) {
            return received.toString();
        }
    }

    @Test
    void placementByLabelAndByLoadAcrossTheTwoAgents() {
        assertThat(runningOn(a.hostId()) + runningOn(b.hostId())).as("left over by another test").isZero();
        var ids = new ArrayList<String>();
        JsonPath us = run(Map.of("image", "busybox", "cmd", List.of("sleep", "300"),
                "constraints", List.of("suite=" + SUITE, "region=us")), "running");
        assertThat(us.getString("view.hostId")).isEqualTo(a.hostId());
        ids.add(us.getString("id"));
        var counts = new HashMap<String, Integer>();
        var order = new ArrayList<String>();
        for (int i = 0; i < 4; i++) {
            JsonPath ran = run(Map.of("image", "busybox", "cmd", List.of("sleep", "300"),
                    "constraints", List.of("suite=" + SUITE)), "running");
            assertThat(ran.getString("outcome")).isEqualTo("running");
            String host = ran.getString("view.hostId");
            counts.merge(host, 1, Integer::sum);
            order.add(host);
            ids.add(ran.getString("id"));
            int expected = counts.get(host) + (host.equals(a.hostId()) ? 1 : 0);
            // placement reads load from the container view: let it catch up before the next run
            waitFor("view", Duration.ofSeconds(10), () -> runningOn(host) >= expected);
        }
        // a had one (region=us) first, so the next goes to b; then ties break by free memory (equal
        // here) and host id, so the four alternate b, a, b, a
        assertThat(order).containsExactly(b.hostId(), a.hostId(), b.hostId(), a.hostId());
        for (String id : ids) {
            given().queryParam("force", true).queryParam("wait", "removed").queryParam("timeout", 60)
                    .delete("/api/v1/containers/" + id).then().statusCode(200);
        }
    }

    private long runningOn(String host) {
        return given().queryParam("host", host).queryParam("state", "running").get("/api/v1/containers").jsonPath()
                .getList("$").size();
    }

    @Test
    void anAgentKilledBetweenApplyingAndReportingLeavesExactlyOneContainer() throws Exception {
        // a third host whose agent pauses after running a container and before reporting it
        AgentProcess c = agent("it-c-" + SUITE, "role=crash,suite=crash-" + SUITE,
                List.of("-Dberth.agent.faults.pauseBeforeReportMillis=20000"));
        importBusybox(c, BusyboxArchive.build(work.resolve("busybox")));
        JsonPath ran = run(Map.of("image", "busybox", "host", c.hostId(), "cmd", List.of("sleep", "300")), null);
        String id = ran.getString("id");
        waitFor("the agent applied and paused", Duration.ofSeconds(60), () -> c.logTail().contains(
                "container " + id + " applied; pausing"));
        c.kill();
        assertThat(given().get("/api/v1/containers/" + id).jsonPath().getString("state")).isEqualTo("created");
        c.start(List.of());
        waitFor("the restarted agent reported the container", Duration.ofSeconds(60), () -> "running".equals(
                given().get("/api/v1/containers/" + id).jsonPath().getString("state")));
        // exactly one container on the host: one conmon for it
        assertThat(processesFor(id)).isEqualTo(1);
        JsonPath events = given().get("/api/v1/containers/" + id + "/events").jsonPath();
        List<String> types = events.getList("type");
        // the restarted agent reports the container through the redelivered run or through the
        // reconcile its reconnection triggered; either way once, and never a second container
        assertThat(types.stream().filter("container.prepared"::equals).count()).as(types.toString())
                .isLessThanOrEqualTo(1);
        assertThat(types).as(types.toString()).contains("container.started").doesNotContain("container.removed");
        assertThat(given().queryParam("host", c.hostId()).get("/api/v1/containers").jsonPath().getList("id"))
                .containsExactly(id);
        given().queryParam("force", true).queryParam("wait", "removed").queryParam("timeout", 60)
                .delete("/api/v1/containers/" + id).then().statusCode(200);
        assertThat(processesFor(id)).isZero();
    }

    @Test
    void aBrokerRestartUnderAStreamOfCommandsLosesNothingAndRepeatsNothing() throws Exception {
        var broker = TestBroker.find();
        Assumptions.assumeTrue(broker.isPresent(), "needs the broker of deploy/berth test");
        var ids = new ArrayList<String>();
        Thread restarter = new Thread(() -> {
            try {
                Thread.sleep(1500);
                broker.get().restart(kafkaConfig.get("bootstrap.servers").toString(), 3000);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restarter.start();
        for (int i = 0; i < 12; i++) {
            ids.add(run(Map.of("image", "busybox", "cmd", List.of("sleep", "300"),
                    "constraints", List.of("suite=" + SUITE)), null).getString("id"));
            Thread.sleep(400);
        }
        restarter.join();
        assertEveryContainerRanOnce(ids);
    }

    @Test
    void aControlPlaneRestartMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        var ids = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            if (i == 4) {
                // the dispatcher and the report ingestion stop as in a shutdown and start again from
                // their checkpoint and committed offsets
                dispatcher.onStop(null);
                ingestor.onStop(null);
                dispatcher.onStart(null);
                ingestor.onStart(null);
            }
            ids.add(run(Map.of("image", "busybox", "cmd", List.of("sleep", "300"),
                    "constraints", List.of("suite=" + SUITE)), null).getString("id"));
        }
        assertEveryContainerRanOnce(ids);
    }

    private void assertEveryContainerRanOnce(List<String> ids) throws Exception {
        for (String id : ids) {
            waitFor("container " + id + " running", Duration.ofSeconds(120), () -> "running".equals(
                    given().get("/api/v1/containers/" + id).jsonPath().getString("state")));
        }
        Thread.sleep(2000); // let any duplicate arrive
        for (String id : ids) {
            List<String> types = given().get("/api/v1/containers/" + id + "/events").jsonPath().getList("type");
            assertThat(types.stream().filter("container.prepared"::equals)).as(id).hasSize(1);
            assertThat(types.stream().filter("container.started"::equals)).as(id).hasSize(1);
            assertThat(processesFor(id)).as(id).isEqualTo(1);
        }
        for (String id : ids) {
            given().queryParam("force", true).queryParam("wait", "removed").queryParam("timeout", 60)
                    .delete("/api/v1/containers/" + id).then().statusCode(200);
        }
    }

    /** conmon processes monitoring the container (one per running container). */
    private static long processesFor(String containerId) throws Exception {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("conmon"))
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(containerId)).orElse(false))
                .count();
    }
}
