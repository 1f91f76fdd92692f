package io.berth.controlplane.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.agents.AgentProcess;
import io.berth.controlplane.agents.BusyboxArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (Debian's chromium through Playwright) against this control
 * plane, its real PostgreSQL and Kafka, and — where this machine can run one (root, runc,
 * conmon) — a real engine agent holding busybox imported through the REST API. The browser
 * scripts live in web-ui/e2e; they get the agent's host id as {@code BERTH_E2E_HOST} and skip
 * the fleet walk-through without it.
 */
@QuarkusTest
class DashboardIT {

    private static final String SUITE = UUID.randomUUID().toString().substring(0, 8);
    private static AgentProcess agent;
    private static Path busyboxArchive;

    @TestHTTPResource("/")
    URL root;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void browserEndToEnd() throws Exception {
        String base = root.toString().replaceAll("/$", "");
        String host = AgentProcess.available() ? startAgentWithBusybox(base) : "";
        Path webUi = Path.of("..", "web-ui").toAbsolutePath().normalize();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        ProcessBuilder node = new ProcessBuilder("node", "--test", "--test-reporter=spec", "--test-concurrency=1", "e2e/")
                .directory(webUi.toFile())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/e2e.log"));
        node.environment().put("BERTH_URL", base);
        node.environment().put("BERTH_SCREENSHOTS", screenshots.toString());
        node.environment().put("BERTH_E2E_HOST", host);
        // the browser logs in through the login page as an admin (the walk-through ends on the users page);
        // the scripts' own API calls use a token
        String user = io.berth.controlplane.identity.TestUsers.user(io.berth.controlplane.identity.Roles.ADMIN);
        node.environment().put("BERTH_E2E_USER", user);
        node.environment().put("BERTH_E2E_PASSWORD", io.berth.controlplane.identity.TestUsers.PASSWORD);
        node.environment().put("BERTH_E2E_TOKEN", io.berth.controlplane.identity.TestUsers.tokenFor(user));
        node.environment().put("BERTH_E2E_ARCHIVE", busyboxArchive == null ? "" : busyboxArchive.toString());
        Process process = node.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(Path.of("target/e2e.log"));
        System.out.println(output);
        assertThat(finished).as("browser tests finished within 8 minutes").isTrue();
        assertThat(process.exitValue()).as("browser tests (see target/e2e.log):%n%s%n%s", output,
                agent == null ? "" : agent.logTail()).isZero();
        assertThat(output).as("node ran browser tests").containsPattern("ℹ pass [1-9]");
        assertThat(screenshots.resolve("health.png")).exists();
        if (!host.isEmpty()) {
            assertThat(output).as("the fleet walk-through ran").doesNotContain("# SKIP");
            for (String page : List.of("login", "users", "fleet", "containers", "run-form", "container",
                    "commit-progress", "images", "image", "image-import", "audit", "timetravel", "narrow-containers")) {
                assertThat(screenshots.resolve(page + ".png")).exists();
            }
        }
    }

    private String startAgentWithBusybox(String base) throws Exception {
        Path work = Files.createDirectories(Path.of("target", "dashboard-" + SUITE).toAbsolutePath());
        String hostId = "dash-" + SUITE;
        agent = new AgentProcess(hostId, work.resolve(hostId), kafkaConfig.get("bootstrap.servers").toString(), base,
                "zone=e2e", List.of());
        DashboardApiIT.waitFor("host " + hostId + " registered (" + agent.log() + ")",
                () -> given().get("/api/v1/hosts/" + hostId).statusCode() == 200);
        Path archive = BusyboxArchive.build(Files.createDirectories(work.resolve("busybox")));
        busyboxArchive = archive;
        JsonPath imported = given().contentType("application/x-tar").body(Files.readAllBytes(archive))
                .queryParam("host", hostId).queryParam("wait", true).post("/api/v1/images/import").then()
                .statusCode(201).extract().jsonPath();
        assertThat(imported.getString("outcome")).as(agent.logTail()).isEqualTo("done");
        DashboardApiIT.waitFor("busybox on " + hostId,
                () -> !given().get("/api/v1/images/hosts/" + hostId).jsonPath().getList("$").isEmpty());
        return hostId;
    }
}
