package io.berth.controlplane.restart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged control plane ({@code target/quarkus-app/quarkus-run.jar}, which the build makes
 * before the tests run) as a child process with its settings as system properties: the same
 * command line every {@link #start}, so a restart is the same process again on the same
 * database and broker. {@link #kill} is SIGKILL: no shutdown hook, no last commit.
 */
final class ControlPlaneProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private final List<String> command;
    private final Path log;
    private final int port;
    private final String adminToken;
    private Process process;

    ControlPlaneProcess(Map<String, String> properties, int port, String adminToken, Path log) {
        this.port = port;
        this.adminToken = adminToken;
        this.log = log;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command = new ArrayList<>(List.of(java, "-Xmx384m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(List.of("-jar", JAR.toString()));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the process and returns once it answers ready ({@code /q/health/ready} 200). */
    void start() throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the build makes it before the tests"
                    + " (mvn verify, or deploy/berth test)");
        }
        var builder = new ProcessBuilder(command);
        // the identity layer's bootstrap admin (an environment variable: unknown to a build without it)
        builder.environment().put("BERTH_BOOTSTRAP_ADMIN_TOKEN", adminToken);
        process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the control plane exited at start:\n" + logTail());
            }
            try {
                var ready = http.send(HttpRequest.newBuilder(url().resolve("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + adminToken).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the control plane did not become ready:\n" + logTail());
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
