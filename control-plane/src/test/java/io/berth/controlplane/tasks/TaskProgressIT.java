package io.berth.controlplane.tasks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.berth.controlplane.agents.AgentProcess;
import io.berth.controlplane.agents.BusyboxArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import io.berth.controlplane.testing.Waits;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transient state from a real agent: an import's and a commit's progress (reported throttled on
 * the reports topic, kept in memory, queryable by command id, finished by the outcome), the
 * image's layers and history as the host reported them, and hosts' heartbeats on the live
 * connection — none of it appended to the log.
 */
@QuarkusTest
class TaskProgressIT {

    private static final String SUITE = UUID.randomUUID().toString().substring(0, 8);
    private static AgentProcess agent;
    private static String importCommand;

    @TestHTTPResource("/")
    URL root;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @BeforeAll
    static void requireAgents() {
        assumeTrue(AgentProcess.available(), "needs root, runc, conmon and the engine built");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    private synchronized String host() throws Exception {
        if (agent == null) {
            String base = root.toString().replaceAll("/$", "");
            Path work = Files.createDirectories(Path.of("target", "tasks-" + SUITE).toAbsolutePath());
            String hostId = "tasks-" + SUITE;
            agent = new AgentProcess(hostId, work.resolve(hostId), kafkaConfig.get("bootstrap.servers").toString(), base,
                    "zone=tasks", List.of());
            waitFor("host " + hostId + " registered", () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
            Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
            JsonPath imported = given().contentType("application/x-tar").body(Files.readAllBytes(archive))
                    .queryParam("host", hostId).queryParam("wait", true).post("/api/v1/images/import").then()
                    .statusCode(201).extract().jsonPath();
            assertThat(imported.getString("outcome")).as(agent.logTail()).isEqualTo("done");
            importCommand = imported.getString("commandId");
        }
        return agent.hostId();
    }

    @Test
    void anImportReportsBytesAndLayersAndEndsWithWhatItStored() throws Exception {
        host();
        waitFor("the import's outcome on its task", () -> given().get("/api/v1/tasks/" + importCommand).statusCode() == 200
                && !given().get("/api/v1/tasks/" + importCommand).jsonPath().getString("state").equals("running"));
        JsonPath task = given().get("/api/v1/tasks/" + importCommand).then().statusCode(200).extract().jsonPath();
        assertThat(task.getString("state")).isEqualTo("succeeded");
        assertThat(task.getString("task")).isEqualTo("image.import");
        assertThat(task.getString("hostId")).isEqualTo(agent.hostId());
        assertThat(task.getString("outcome")).contains("busybox");
        // the last progress before the outcome: every layer verified
        assertThat(task.getString("phase")).isEqualTo("verifying layers");
        assertThat(task.getInt("itemsTotal")).isPositive();
        assertThat(task.getInt("itemsDone")).isEqualTo(task.getInt("itemsTotal"));
        assertThat(task.getLong("bytesDone")).isEqualTo(task.getLong("bytesTotal")).isPositive();
        assertThat(given().get("/api/v1/tasks").jsonPath().getList("commandId")).contains(importCommand);
    }

    @Test
    void anUnknownTaskIsANotFoundWithAMessage() {
        given().get("/api/v1/tasks/" + UUID.randomUUID()).then().statusCode(404).contentType(ContentType.JSON);
        assertThat(given().get("/api/v1/tasks/nope").jsonPath().getString("message")).contains("no progress known");
    }

    @Test
    void importedAndCommittedImagesHaveTheirLayersAndHistory() throws Exception {
        String host = host();
        // on this test's host: other tests' simulated agents store a busybox of their own, without layers
        List<Map<String, Object>> busybox = given().queryParam("host", host).get("/api/v1/images/busybox/layers")
                .then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(busybox).isNotEmpty();
        assertThat(busybox).filteredOn(l -> !(Boolean) l.get("emptyLayer")).allSatisfy(l -> {
            assertThat((String) l.get("layerDigest")).startsWith("sha256:");
            assertThat(((Number) l.get("sizeBytes")).longValue()).isPositive();
        });

        String name = "tasks-commit-" + SUITE;
        given().contentType(ContentType.JSON).body(Map.of("image", "busybox", "name", name, "host", host,
                        "cmd", List.of("sh", "-c", "echo data > /made-here; sleep 300")))
                .queryParam("wait", "running").queryParam("timeout", 60).post("/api/v1/containers").then()
                .statusCode(201);
        String commit = given().contentType(ContentType.JSON).body(Map.of("repository", "tasks/commit-" + SUITE,
                        "tag", "v1", "author", "Ada", "message", "first cut"))
                .post("/api/v1/containers/" + name + "/commit").then().statusCode(200).extract().jsonPath()
                .getString("commandId");
        waitFor("the commit's outcome on its task", () -> given().get("/api/v1/tasks/" + commit).statusCode() == 200
                && given().get("/api/v1/tasks/" + commit).jsonPath().getString("state").equals("succeeded"));
        JsonPath task = given().get("/api/v1/tasks/" + commit).jsonPath();
        assertThat(task.getString("task")).isEqualTo("container.commit");
        assertThat(task.getString("phase")).isEqualTo("writing image");
        assertThat(task.getString("outcome")).contains("tasks/commit-" + SUITE + ":v1");

        List<Map<String, Object>> committed = given().get("/api/v1/images/tasks/commit-" + SUITE + ":v1/layers")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(committed).hasSize(busybox.size() + 1);
        Map<String, Object> top = committed.get(0);
        assertThat(top).containsEntry("author", "Ada").containsEntry("comment", "first cut")
                .containsEntry("emptyLayer", false);
        assertThat(((Number) top.get("sizeBytes")).longValue()).isPositive();
        given().delete("/api/v1/containers/" + name + "?force=true").then().statusCode(200);
    }

    @Test
    void theLiveConnectionCarriesHeartbeatsWithoutAppendingEvents() throws Exception {
        String host = host();
        long before = given().get("/api/v1/dashboard/live-start").jsonPath().getLong("position");
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(root.toString() + "api/v1/events/stream?transient=true"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + io.berth.controlplane.identity.DefaultTestCredentials.adminToken())
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> heartbeatsNaming(host, response.body()));
        try {
            assertThat(reading.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
        } finally {
            response.body().close();
        }
        // heartbeats are state: the log has grown by no host event
        assertThat(given().queryParam("action", "host.").get("/api/v1/dashboard/audit").jsonPath()
                .getList("position", Long.class)).allSatisfy(position -> assertThat(position).isLessThanOrEqualTo(before));
    }

    /** Reads the stream until two heartbeats messages named the host (the first names every host heard). */
    private static int heartbeatsNaming(String host, InputStream body) {
        int found = 0;
        try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            boolean withId = false;
            String line;
            while (found < 2 && (line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    withId = true;
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && !withId && "heartbeats".equals(event)
                        && JsonPath.from(line.substring(5)).getString("hosts.'" + host + "'") != null) {
                    found++;
                } else if (line.isEmpty()) {
                    event = null;
                    withId = false;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        Waits.waitFor(what, Duration.ofSeconds(90), condition);
    }
}
