package io.berth.controlplane.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real engine agent ({@code io.berth.engine.agent.AgentMain}) as a child JVM, from the engine
 * module's {@code target/classes} and {@code target/lib} (built by {@code -am}), with its own
 * state directory and a host id chosen by the test (written where the agent keeps it). It
 * enrolls on its first start with a one-time token the test mints through the REST API; later
 * starts find the stored credential and do not spend the token again.
 */
public final class AgentProcess implements AutoCloseable {

    private static final Path ENGINE = Path.of("..", "engine", "target").toAbsolutePath().normalize();

    private final String hostId;
    private final Path stateDir;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private List<String> jvmOptions = List.of();

    public AgentProcess(String hostId, Path stateDir, String kafka, String controlPlaneUrl, String labels,
            List<String> jvmOptions) throws IOException {
        this(hostId, stateDir, kafka, controlPlaneUrl, labels, jvmOptions, AgentEnrollments.token(hostId));
    }

    /** With an enrollment token the test minted itself (for a control plane other than the test's own). */
    public AgentProcess(String hostId, Path stateDir, String kafka, String controlPlaneUrl, String labels,
            List<String> jvmOptions, String enrollmentToken) throws IOException {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.hostId = hostId;
        this.stateDir = stateDir;
        Files.createDirectories(stateDir);
        Files.writeString(stateDir.resolve("host-id"), hostId + "\n", StandardCharsets.UTF_8);
        this.log = stateDir.resolveSibling(hostId + ".log");
        this.env = Map.of("BERTH_AGENT_ENROLLMENT_TOKEN", enrollmentToken,
                "BERTH_AGENT_STATE_DIR", stateDir.toString(), "BERTH_AGENT_KAFKA_BOOTSTRAP_SERVERS", kafka,
                "BERTH_AGENT_HEALTH_PORT", "0", "BERTH_AGENT_CONTROL_PLANE_URL", controlPlaneUrl,
                "BERTH_AGENT_LABELS", labels, "BERTH_AGENT_NAME", hostId, "BERTH_AGENT_HEARTBEAT_SECONDS", "1");
        start();
    }

    /** Whether this machine can run real agents: root, runc, conmon, and the engine built. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/runc"))
                && Files.isExecutable(Path.of("/usr/bin/conmon"))
                && Files.isDirectory(ENGINE.resolve("classes/io/berth/engine/agent"))
                && Files.isDirectory(ENGINE.resolve("lib"));
    }

    public String hostId() {
        return hostId;
    }

    public Path log() {
        return log;
    }

    /** Starts again with these extra JVM options (e.g. the agent's fault-injection properties). */
    public synchronized void start(List<String> options) throws IOException {
        jvmOptions = List.copyOf(options);
        start();
    }

    public synchronized void start() throws IOException {
        List<String> classpath = new ArrayList<>();
        classpath.add(ENGINE.resolve("classes").toString());
        try (Stream<Path> jars = Files.list(ENGINE.resolve("lib"))) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toString()));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(":", classpath), "io.berth.engine.agent.AgentMain"));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
    }

    /** SIGKILL: no shutdown hook, no last report. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        HostLeftovers.removeAll(stateDir);
    }
}
