package io.berth.controlplane.restart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.agents.AgentProcess;
import io.berth.controlplane.agents.BusyboxArchive;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fault test "the control plane restarted mid-stream → nothing lost, nothing applied
 * twice", with a real process: the packaged control plane runs as a child process against its own
 * schema in the test database and a Kafka broker of this test's own (so no other control plane —
 * this JVM's {@code @QuarkusTest} one — dispatches to or ingests from this test's agent), with a
 * real agent. A client sends a stream of runs, each retried with its Idempotency-Key until it is
 * accepted (as a client that saw its connection drop should); the control plane is SIGKILLed
 * after a few were accepted, while more are in flight, and started again with the same command
 * line. Then: every accepted run is one container on the host (runc agrees with the log, no
 * extra), and every container's stream has each event once — created, scheduled, start
 * requested from the command, prepared and started from the agent's reports (none lost).
 */
class ControlPlaneRestartIT {

    private static final int RUNS = 16;
    private static final int KILL_AFTER = 5;
    private static final String SCHEMA = "cp_restart";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = UUID.randomUUID().toString();
    private URI base;

    @Test
    void aControlPlaneKilledMidStreamLosesNothingAndAppliesNothingTwice() throws Exception {
        Assumptions.assumeTrue(AgentProcess.available(), "needs root, runc, conmon and the engine built (-am)");
        String suite = UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createDirectories(Path.of("target", "cp-restart-" + suite).toAbsolutePath());
        resetSchema();
        try (var broker = ScratchBroker.start(work.resolve("kafka"));
                var controlPlane = new ControlPlaneProcess(properties(broker, work), ScratchBroker.freePort(), token,
                        work.resolve("control-plane.log"))) {
            controlPlane.start();
            base = controlPlane.url();
            String hostId = "restart-" + suite;
            try (var agent = new AgentProcess(hostId, work.resolve(hostId), broker.bootstrap(), base.toString(), "",
                    List.of(), enrollmentToken(hostId))) {
                waitFor("host registered (" + agent.log() + ")", () -> status("GET", "/api/v1/hosts/" + hostId) == 200);
                importBusybox(work, hostId);

                // the stream: one client, each run retried with its key until accepted
                Map<String, String> accepted = Collections.synchronizedMap(new LinkedHashMap<>()); // key → id
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendRuns(hostId, accepted));
                waitFor(KILL_AFTER + " runs accepted", () -> accepted.size() >= KILL_AFTER || sender.isDone());
                if (sender.isCompletedExceptionally()) {
                    sender.join(); // a refused run: its status and body, not a timeout
                }
                controlPlane.kill();
                int acceptedBeforeKill = accepted.size();
                controlPlane.start();
                sender.get(5, TimeUnit.MINUTES);
                assertThat(acceptedBeforeKill).as("killed mid-stream").isLessThan(RUNS);
                assertThat(new HashSet<>(accepted.values())).as("one container per accepted run").hasSize(RUNS);

                waitFor("every accepted run running", () -> accepted.values().stream()
                        .allMatch(id -> "running".equals(get("/api/v1/containers/" + id).path("state").asText())));
                assertThat(runcContainers(work.resolve(hostId))).as("runc on the host agrees with the log")
                        .isEqualTo(new HashSet<>(accepted.values()));
                for (String id : accepted.values()) {
                    JsonNode events = get("/api/v1/containers/" + id + "/events");
                    var types = new TreeMap<String, Integer>();
                    Set<String> eventIds = new HashSet<>();
                    for (JsonNode event : events) {
                        types.merge(event.path("type").asText(), 1, Integer::sum);
                        eventIds.add(event.path("eventId").asText());
                    }
                    assertThat(eventIds).hasSize(events.size());
                    assertThat(types).as("the stream of %s: each event once, no report lost", id).containsExactly(
                            Map.entry("container.created", 1), Map.entry("container.prepared", 1),
                            Map.entry("container.scheduled", 1), Map.entry("container.start-requested", 1),
                            Map.entry("container.started", 1));
                }
                assertThat(get("/api/v1/containers?host=" + hostId)).as("the list agrees").hasSize(RUNS);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n--- control plane log:\n" + controlPlane.logTail(), e);
            }
        }
    }

    /** A one-time enrollment token from the control plane under test (not the test's own Quarkus app). */
    private String enrollmentToken(String hostId) throws Exception {
        HttpResponse<String> issued = http.send(request("/api/v1/hosts/enrollment-tokens")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostId\":\"" + hostId + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return JSON.readTree(issued.body()).path("token").asText();
    }

    private void sendRuns(String hostId, Map<String, String> accepted) {
        String body = "{\"image\":\"busybox\",\"cmd\":[\"sleep\",\"600\"],\"host\":\"" + hostId + "\"}";
        for (int i = 0; i < RUNS; i++) {
            String key = UUID.randomUUID().toString();
            while (true) {
                try {
                    HttpResponse<String> answer = http.send(request("/api/v1/containers").header("Idempotency-Key", key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 201) {
                        accepted.put(key, JSON.readTree(answer.body()).path("id").asText());
                        break;
                    }
                    if (answer.statusCode() < 500) {
                        throw new AssertionError("run refused: " + answer.statusCode() + " " + answer.body());
                    }
                } catch (IOException down) {
                    // the control plane is down (or died mid-request): the same key again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sleep(100);
            }
        }
    }

    private void importBusybox(Path work, String hostId) throws Exception {
        Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
        HttpResponse<String> imported = http.send(request("/api/v1/images/import?wait=true&host=" + hostId)
                .header("Content-Type", "application/x-tar").POST(HttpRequest.BodyPublishers.ofFile(archive)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(JSON.readTree(imported.body()).path("outcome").asText()).isEqualTo("done");
    }

    private Map<String, String> properties(ScratchBroker broker, Path work) {
        String jdbc = env("BERTH_TEST_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/berth_test");
        var p = new LinkedHashMap<String, String>();
        p.put("quarkus.http.host", "127.0.0.1");
        p.put("quarkus.datasource.username", env("BERTH_TEST_DB_USER", "berth"));
        p.put("quarkus.datasource.password", env("BERTH_TEST_DB_PASSWORD", "berth"));
        p.put("quarkus.datasource.reactive.url", env("BERTH_TEST_DB_URL", "postgresql://127.0.0.1:5432/berth_test"));
        p.put("quarkus.datasource.reactive.additional-properties.search_path", SCHEMA);
        p.put("quarkus.datasource.jdbc.url", jdbc + (jdbc.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        p.put("quarkus.flyway.schemas", SCHEMA);
        p.put("quarkus.flyway.default-schema", SCHEMA);
        p.put("kafka.bootstrap.servers", broker.bootstrap());
        p.put("berth.agents.uploads-dir", work.resolve("uploads").toString());
        p.put("berth.agents.credential-key", UUID.randomUUID() + "-" + UUID.randomUUID());
        return p;
    }

    /** The test database, without this test's schema: every run starts from an empty log. */
    private static void resetSchema() throws Exception {
        try (var connection = DriverManager.getConnection(env("BERTH_TEST_DB_JDBC_URL",
                "jdbc:postgresql://127.0.0.1:5432/berth_test"), env("BERTH_TEST_DB_USER", "berth"),
                env("BERTH_TEST_DB_PASSWORD", "berth")); var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    /** Container ids runc knows under the agent's runtime root. */
    private static Set<String> runcContainers(Path stateDir) throws Exception {
        Process runc = new ProcessBuilder("runc", "--root", stateDir.resolve("runtime/runc-root").toString(), "list",
                "-q").redirectErrorStream(true).start();
        String out = new String(runc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(runc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runc.exitValue()).as(out).isZero();
        return new HashSet<>(out.lines().filter(line -> !line.isBlank()).toList());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    private int status(String method, String path) {
        try {
            return http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> answer = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
