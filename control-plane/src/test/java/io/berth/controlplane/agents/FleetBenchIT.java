package io.berth.controlplane.agents;

import static io.berth.controlplane.agents.FleetIT.waitFor;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.identity.DefaultTestCredentials;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fleet benchmark (bench/fleet/run.sh runs it with -Dfleetbench.out=…): two real agents;
 * API request → container running as the API shows it (the run's {@code ?wait=running} returns
 * once {@code container.started} is in the log), median and p99 over the rounds, timed by a plain
 * HTTP client ({@link TimedClient}); then 100 containers through the API across both agents.
 * Skipped unless {@code fleetbench.out} is set.
 */
@QuarkusTest
class FleetBenchIT {

    @TestHTTPResource("/")
    URL controlPlane;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void runLatencyAndAHundredContainers() throws Exception {
        String out = System.getProperty("fleetbench.out");
        Assumptions.assumeTrue(out != null && AgentProcess.available(), "benchmark: set -Dfleetbench.out");
        int rounds = Integer.getInteger("fleetbench.rounds", 30);
        String suite = UUID.randomUUID().toString().substring(0, 8);
        Path work = Files.createDirectories(Path.of("target", "bench-" + suite).toAbsolutePath());
        String url = controlPlane.toString().replaceAll("/$", "");
        String kafka = kafkaConfig.get("bootstrap.servers").toString();
        // timestamps in the agents' logs: when each instruction reached its host
        var logTimes = List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=" + Stages.LOG_TIME);
        var agents = List.of(
                new AgentProcess("bench-a-" + suite, work.resolve("a"), kafka, url, "suite=" + suite, logTimes),
                new AgentProcess("bench-b-" + suite, work.resolve("b"), kafka, url, "suite=" + suite, logTimes));
        var report = new StringBuilder();
        try {
            Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
            for (AgentProcess agent : agents) {
                waitFor("host " + agent.hostId(), Duration.ofSeconds(60),
                        () -> given().get("/api/v1/hosts/" + agent.hostId()).statusCode() == 200);
                given().contentType("application/x-tar").body(Files.readAllBytes(archive))
                        .queryParam("host", agent.hostId()).queryParam("wait", true).post("/api/v1/images/import")
                        .then().statusCode(201);
            }
            waitFor("images", Duration.ofSeconds(30), () -> agents.stream().allMatch(a -> !given()
                    .get("/api/v1/images/hosts/" + a.hostId()).jsonPath().getList("$").isEmpty()));
            var body = Map.<String, Object>of("image", "busybox", "cmd", List.of("sleep", "600"),
                    "constraints", List.of("suite=" + suite));
            // warm-up, not counted
            for (int i = 0; i < 3; i++) {
                remove(run(body).getString("id"));
            }
            var client = new TimedClient(url, JSON.writeValueAsBytes(body));
            for (int i = 0; i < 3; i++) {
                client.remove(client.run().receipt().get("id").asText()); // the lean client's own warm-up
            }
            // Nothing but the runs and removals while measuring; where the time went is read after.
            // First the platform as it just started: every JVM on the path (control plane, agents,
            // the Kafka broker) still runs its code interpreted or lightly compiled.
            var podman = PodmanPeer.fromProperties();
            Series coldAtRest = atRest(client, podman, rounds);
            // Then as it runs for days: the same paths compiled after many runs (the broker alone
            // takes ~5 ms per hop cold against ~1 ms warm; 500 runs were not yet enough: 49 ms at
            // rest after 500, 43 after 1,500). Not counted.
            int warmup = Integer.getInteger("fleetbench.warmup", 1500);
            for (int i = 0; i < warmup; i++) {
                client.remove(client.run().receipt().get("id").asText());
            }
            Series warmAtRest = atRest(client, podman, rounds);
            var backToBack = new Series();
            for (int i = 0; i < rounds; i++) {
                TimedRun timed = client.run();
                backToBack.runs.add(timed);
                client.remove(timed.receipt().get("id").asText());
            }
            report.append(String.format("warmup runs=%d%n", warmup));
            coldAtRest.report(report, "cold-at-rest", agents);
            warmAtRest.report(report, "warm-at-rest", agents);
            backToBack.report(report, "warm-back-to-back", agents);

            // 100 containers: sent one after another without waiting, then all running
            long start = System.nanoTime();
            var ids = new ArrayList<String>();
            for (int i = 0; i < 100; i++) {
                ids.add(given().contentType(ContentType.JSON).body(body).post("/api/v1/containers").then()
                        .statusCode(201).extract().jsonPath().getString("id"));
            }
            double accepted = (System.nanoTime() - start) / 1e6;
            waitFor("100 running", Duration.ofSeconds(600), () -> given().queryParam("state", "running")
                    .get("/api/v1/containers").jsonPath().getList("id").containsAll(ids));
            double allRunning = (System.nanoTime() - start) / 1e6;
            var perHost = new TreeMap<String, Integer>();
            for (String id : ids) {
                perHost.merge(given().get("/api/v1/containers/" + id).jsonPath().getString("hostId"), 1, Integer::sum);
            }
            report.append(String.format("hundred accepted_ms=%.0f all_running_ms=%.0f per_host=%s%n", accepted,
                    allRunning, perHost));
            for (String id : ids) {
                given().queryParam("force", true).delete("/api/v1/containers/" + id).then().statusCode(200);
            }
            waitFor("100 removed", Duration.ofSeconds(600), () -> given()
                    .get("/api/v1/containers").jsonPath().getList("id").stream().noneMatch(ids::contains));
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
            Files.writeString(Path.of(out), report.toString());
        }
    }

    /**
     * Where a run's time goes, from the timestamps in its events and the agents' log lines (one
     * machine, one clock): the request until container.created was stamped; until the agent
     * logged "applying" (dispatch, Kafka); until the engine's run began and until it returned
     * (the agent's "engine ran container … in … us" line: the agent's own work before it, the
     * engine's create and start); until the agent logged "applied" (reports signed and handed to
     * Kafka); until container.started was stamped (Kafka, ingestion); until the answer arrived
     * (?wait noticing it, the response).
     */
    private static final class Stages {
        private final Map<String, List<Double>> byStage = new java.util.LinkedHashMap<>();

        static final String LOG_TIME = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

        void add(Instant sent, Instant answered, io.restassured.path.json.JsonPath events, Instant applying,
                EngineRun engine, Instant applied) {
            List<String> types = events.getList("type");
            Instant created = Instant.parse(events.getString("[" + types.indexOf("container.created") + "].recordedAt"));
            int started = types.indexOf("container.started");
            Instant startedLogged = Instant.parse(events.getString("[" + started + "].recordedAt"));
            stage("request→created stamped", sent, created);
            stage("created stamped→agent applying (append commit, dispatch, Kafka)", created, applying);
            stage("agent applying→engine run begins (agent: journal, image, intent)", applying, engine.began());
            stage("engine run (create + start)", engine.began(), engine.returned());
            stage("engine returned→agent applied (reports signed, handed to Kafka)", engine.returned(), applied);
            stage("agent applied→started stamped (Kafka, ingestion)", applied, startedLogged);
            stage("started stamped→answer (append commit, ?wait, response)", startedLogged, answered);
        }

        /** When the engine's run of a container began and returned, from the agent's "engine ran" line. */
        record EngineRun(Instant began, Instant returned) {
        }

        static EngineRun engineRun(List<String> agentLines, String containerId) {
            String marker = "engine ran container " + containerId + " in ";
            String line = firstLine(agentLines, marker);
            Instant returned = loggedAt(line);
            String micros = line.substring(line.indexOf(marker) + marker.length()).split(" ")[0];
            return new EngineRun(returned.minusNanos(Long.parseLong(micros) * 1000), returned);
        }

        /** When an agent logged "<what> command <id>" (applying, applied). */
        static Instant logged(List<String> agentLines, String what, String commandId) {
            return loggedAt(firstLine(agentLines, what + " command " + commandId));
        }

        /** Every agent's log lines, read once for all the runs of a series. */
        static List<String> agentLines(List<AgentProcess> agents) throws java.io.IOException {
            var lines = new ArrayList<String>();
            for (AgentProcess agent : agents) {
                lines.addAll(Files.readAllLines(agent.log()));
            }
            return lines;
        }

        private static String firstLine(List<String> lines, String containing) {
            return lines.stream().filter(line -> line.contains(containing)).findFirst()
                    .orElseThrow(() -> new AssertionError("no agent logged " + containing.strip()));
        }

        private static Instant loggedAt(String line) {
            return java.time.OffsetDateTime.parse(line.substring(0, line.indexOf(' ')),
                    java.time.format.DateTimeFormatter.ofPattern(LOG_TIME)).toInstant();
        }

        private void stage(String name, Instant from, Instant to) {
            byStage.computeIfAbsent(name, n -> new ArrayList<>()).add(Duration.between(from, to).toNanos() / 1e6);
        }

        String medians(String prefix) {
            var out = new StringBuilder();
            byStage.forEach((name, values) -> {
                values.sort(Double::compare);
                out.append(String.format("%s %s: median_ms=%.1f%n", prefix, name, percentile(values, 50)));
            });
            return out.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofMillis(250);

    private static String summary(String what, List<Double> latencies) {
        latencies.sort(Double::compare);
        return String.format("%s rounds=%d median_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", what, latencies.size(),
                percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    private static Stages stagesOf(List<TimedRun> runs, List<AgentProcess> agents) throws java.io.IOException {
        var stages = new Stages();
        List<String> lines = Stages.agentLines(agents);
        for (TimedRun timed : runs) {
            String commandId = timed.receipt().get("commandId").asText();
            String containerId = timed.receipt().get("id").asText();
            stages.add(timed.sent(), timed.answered(), given().get("/api/v1/containers/" + containerId + "/events")
                    .jsonPath(), Stages.logged(lines, "applying", commandId), Stages.engineRun(lines, containerId),
                    Stages.logged(lines, "applied", commandId));
        }
        return stages;
    }

    /**
     * Runs at rest: each sent {@link #SETTLE} after the last removal, so that the removal's
     * aftermath (the agent's journal and commits, the views, the relay) is over, as each podman
     * run finds it. podman (when the script set it up) takes turns with Berth, so both meet the
     * same minutes of this noisy machine: its figure drifts by tens of milliseconds between runs.
     */
    private static Series atRest(TimedClient client, PodmanPeer podman, int rounds) throws Exception {
        var series = new Series();
        for (int i = 0; i < rounds; i++) {
            Thread.sleep(SETTLE.toMillis());
            TimedRun timed = client.run();
            series.runs.add(timed);
            client.remove(timed.receipt().get("id").asText());
            if (podman != null) {
                Thread.sleep(SETTLE.toMillis());
                series.podman.add(podman.timedRunAndRemove());
            }
        }
        return series;
    }

    /** A series of timed runs, and podman's runs taken in turns with them (if any). */
    private static final class Series {
        final List<TimedRun> runs = new ArrayList<>();
        final List<Double> podman = new ArrayList<>();

        void report(StringBuilder report, String name, List<AgentProcess> agents) throws java.io.IOException {
            report.append(summary(name, new ArrayList<>(runs.stream().map(TimedRun::millis).toList())));
            report.append(stagesOf(runs, agents).medians(name + "-stage"));
            if (!podman.isEmpty()) {
                report.append(summary(name + "-podman", podman));
            }
        }
    }

    /** One timed run: when it was sent and answered, and the receipt. */
    private record TimedRun(Instant sent, Instant answered, double millis, JsonNode receipt) {
    }

    /**
     * The timed requests go through a plain HTTP/1.1 client with a kept-alive connection, as an
     * API client would send them: the clock stops when the response is in, and the JSON is read
     * after. RestAssured (used for everything else here) spends tens of milliseconds of its own
     * per request building and parsing, which is the test client's cost, not the platform's.
     */
    private static final class TimedClient {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final HttpRequest request;
        private final String base;

        TimedClient(String url, byte[] body) {
            this.base = url;
            this.request = HttpRequest.newBuilder(URI.create(url + "/api/v1/containers?wait=running&timeout=60"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + DefaultTestCredentials.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        /** Removes the container (forced) and returns once its removal is in the log. */
        void remove(String id) throws Exception {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/containers/"
                            + id + "?force=true&wait=removed&timeout=60"))
                    .header("Authorization", "Bearer " + DefaultTestCredentials.adminToken()).DELETE().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200 || !"removed".equals(JSON.readTree(response.body()).path("outcome").asText())) {
                throw new AssertionError("remove did not finish: " + response.statusCode() + " "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        TimedRun run() throws Exception {
            Instant sent = Instant.now();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double millis = (System.nanoTime() - start) / 1e6;
            Instant answered = Instant.now();
            JsonNode receipt = JSON.readTree(response.body());
            if (response.statusCode() != 201 || !"running".equals(receipt.path("outcome").asText())) {
                throw new AssertionError("run did not reach running: " + response.statusCode() + " " + receipt);
            }
            return new TimedRun(sent, answered, millis, receipt);
        }
    }

    /**
     * {@code podman run -d --network=none <image> sleep 600}, timed from the spawn until podman
     * returns (it returns once the container runs), then {@code podman rm -f -t 0}, untimed. The
     * environment (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF) is bench/fleet/run.sh's.
     */
    private record PodmanPeer(String image) {
        static PodmanPeer fromProperties() {
            String image = System.getProperty("fleetbench.podman.image");
            return image == null || image.isBlank() ? null : new PodmanPeer(image);
        }

        double timedRunAndRemove() throws Exception {
            long start = System.nanoTime();
            String id = podman("run", "-d", "--network=none", image, "sleep", "600");
            double millis = (System.nanoTime() - start) / 1e6;
            podman("rm", "-f", "-t", "0", id);
            return millis;
        }

        private static String podman(String... args) throws Exception {
            var command = new ArrayList<String>(List.of("podman"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        }
    }

    private static io.restassured.path.json.JsonPath run(Map<String, Object> body) {
        var receipt = given().contentType(ContentType.JSON).body(body).queryParam("wait", "running")
                .queryParam("timeout", 60).post("/api/v1/containers").then().statusCode(201).extract().jsonPath();
        if (!"running".equals(receipt.getString("outcome"))) {
            throw new AssertionError("run did not reach running: " + receipt.prettify());
        }
        return receipt;
    }

    private static void remove(String id) {
        given().queryParam("force", true).queryParam("wait", "removed").queryParam("timeout", 60)
                .delete("/api/v1/containers/" + id).then().statusCode(200);
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
