package io.berth.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.berth.engine.host.HostEngine;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerReports.ContainerCreated;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.agent.HostReports.InstructionFailed;
import io.berth.protocol.agent.ImageInstructions.ImportImage;
import io.berth.protocol.agent.ImageReports.ImageStored;
import io.berth.protocol.agent.Report;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several agents, agent processes and the control plane's upload endpoint. */
class AgentFleetIT {

    private ControlPlaneDouble controlPlane;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Path> stateDirs = new ArrayList<>();
    private Process child;

    @BeforeEach
    void connect() throws Exception {
        controlPlane = new ControlPlaneDouble(AgentIT.testKafka());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        for (Path dir : stateDirs) { // containers outlive agents: remove them from each host
            try (HostEngine engine = HostEngine.open(dir)) {
                for (ContainerStatus c : engine.runtime().list()) {
                    engine.remove(c.id(), true);
                }
            }
        }
        controlPlane.close();
    }

    private Agent agent(Path stateDir, URI controlPlaneUrl) throws Exception {
        stateDirs.add(stateDir);
        TestCredentials.install(stateDir);
        Agent agent = Agent.start(new AgentConfig(stateDir, AgentIT.testKafka(), 0, Map.of())
                .withControlPlane(controlPlaneUrl, null));
        toClose.add(agent);
        assertThat(agent.awaitReady(Duration.ofSeconds(60))).isTrue();
        return agent;
    }

    private static RunContainer sleeper(String id) {
        return new RunContainer(id, "c-" + id.substring(0, 8), "busybox",
                ContainerRunSpec.command(List.of("sleep", "300")), true);
    }

    @Test
    void twoAgentsEachApplyOnlyTheirOwnInstructions(@TempDir Path a, @TempDir Path b) throws Exception {
        Agent first = agent(a, URI.create("http://127.0.0.1:1"));
        Agent second = agent(b, URI.create("http://127.0.0.1:1"));
        BusyboxImage.importInto(first.engine());
        BusyboxImage.importInto(second.engine());
        String forFirst = AgentInstructionsIT.newId();
        String forSecond = AgentInstructionsIT.newId();

        UUID one = controlPlane.send(first.hostId(), sleeper(forFirst));
        UUID two = controlPlane.send(second.hostId(), sleeper(forSecond));
        controlPlane.awaitAnswer(one, ContainerStarted.class);
        controlPlane.awaitAnswer(two, ContainerStarted.class);

        assertThat(first.engine().runtime().list()).extracting(ContainerStatus::id).containsExactly(forFirst);
        assertThat(second.engine().runtime().list()).extracting(ContainerStatus::id).containsExactly(forSecond);
        assertThat(controlPlane.answering(one)).allMatch(r -> r.key().equals(first.hostId())
                && r.envelope().hostId().equals(first.hostId()));
        assertThat(controlPlane.answering(two)).allMatch(r -> r.key().equals(second.hostId()));
    }

    @Test
    void importFetchesTheUploadWithTheHostCredentialAndReportsTheImage(@TempDir Path stateDir) throws Exception {
        File archive = BusyboxImage.archive().toFile();
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer uploads = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        uploads.createContext("/api/v1/agents/uploads/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization")
                    + " " + exchange.getRequestHeaders().getFirst("X-Berth-Host"));
            if (!exchange.getRequestURI().getPath().endsWith("/u-1")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, archive.length());
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(archive.toPath(), out);
            }
        });
        uploads.start();
        toClose.add(() -> uploads.stop(0));
        Agent agent = agent(stateDir, URI.create("http://127.0.0.1:" + uploads.getAddress().getPort()));

        List<Report> answer = controlPlane.awaitAnswer(controlPlane.send(agent.hostId(), new ImportImage("u-1", null)),
                ImageStored.class);
        // progress reports come first; the import's outcome is the ImageStored
        ImageStored stored = answer.stream().filter(ImageStored.class::isInstance).map(ImageStored.class::cast)
                .findFirst().orElseThrow();
        assertThat(stored.references()).containsExactly("busybox:latest");
        assertThat(stored.imageId()).isEqualTo(agent.engine().images().resolve("busybox").imageId().toString());
        assertThat(seen).containsExactly("/api/v1/agents/uploads/u-1 Bearer "
                + TestCredentials.of(agent.hostId()).token() + " " + agent.hostId());

        InstructionFailed gone = (InstructionFailed) controlPlane.awaitAnswer(
                controlPlane.send(agent.hostId(), new ImportImage("u-2", null)), InstructionFailed.class).get(0);
        assertThat(gone.refused()).isTrue();
        assertThat(gone.reason()).contains("u-2");
    }

    /**
     * The agent process is SIGKILLed after it ran the container and before it reported it or
     * committed the instruction's offset. After a restart exactly one container exists, and
     * the redelivered instruction's reports arrive.
     */
    @Test
    void anAgentKilledBetweenApplyingAndReportingLeavesExactlyOneContainer(@TempDir Path stateDir) throws Exception {
        stateDirs.add(stateDir);
        try (HostEngine engine = HostEngine.open(stateDir)) {
            BusyboxImage.importInto(engine);
        }
        String hostId = TestCredentials.install(stateDir).hostId();
        child = startAgentProcess(stateDir, 60_000);
        controlPlane.await(hostId, io.berth.protocol.agent.HostReports.Heartbeat.class, h -> true,
                Duration.ofSeconds(60));
        String id = AgentInstructionsIT.newId();

        UUID command = controlPlane.send(hostId, sleeper(id));
        Path bundle = stateDir.resolve("runtime/containers").resolve(id).resolve("berth.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(bundle) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500); // created and started, paused before reporting
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(controlPlane.answering(command)).isEmpty();

        Agent again = agent(stateDir, URI.create("http://127.0.0.1:1"));

        List<Report> answer = controlPlane.awaitAnswer(command, ContainerStarted.class);
        assertThat(answer.get(0)).isInstanceOf(ContainerCreated.class);
        assertThat(again.engine().runtime().list()).extracting(ContainerStatus::id).containsExactly(id);
        assertThat(again.engine().runtime().state(id).isRunning()).isTrue();
    }

    private static Process startAgentProcess(Path stateDir, long pauseBeforeReportMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dberth.agent.faults.pauseBeforeReportMillis=" + pauseBeforeReportMillis,
                "io.berth.engine.agent.AgentMain");
        builder.environment().put(AgentConfig.STATE_DIR, stateDir.toString());
        builder.environment().put(AgentConfig.KAFKA_BOOTSTRAP, AgentIT.testKafka());
        builder.environment().put(AgentConfig.HEALTH_PORT, "0");
        builder.environment().put(AgentConfig.CONTROL_PLANE_URL, "http://127.0.0.1:1");
        builder.environment().put(AgentConfig.HEARTBEAT_SECONDS, "1");
        builder.redirectErrorStream(true).redirectOutput(stateDir.resolve("agent.log").toFile());
        return builder.start();
    }
}
