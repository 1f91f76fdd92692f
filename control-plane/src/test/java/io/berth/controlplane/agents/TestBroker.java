package io.berth.controlplane.agents;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The test run's Kafka broker (started by {@code deploy/lib/kafka.sh} under
 * {@code $BERTH_HOME/test/kafka}), stopped and started again with the same command line, working
 * directory and data, and its new pid written back to {@code kafka.pid} so that
 * {@code deploy/berth test} still stops it at the end.
 */
final class TestBroker {

    private final Path dir;

    private TestBroker(Path dir) {
        this.dir = dir;
    }

    /** The broker of this test run, when the run was started by deploy/berth test. */
    static Optional<TestBroker> find() {
        String log = System.getenv("BERTH_TEST_KAFKA_LOG");
        if (log == null) {
            return Optional.empty();
        }
        Path dir = Path.of(log).getParent();
        return Files.isRegularFile(dir.resolve("kafka.pid")) ? Optional.of(new TestBroker(dir)) : Optional.empty();
    }

    /** SIGTERM, wait for the broker to exit, then start it again; returns when its port accepts. */
    void restart(String bootstrap, long downMillis) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("kafka.pid")).trim());
        List<String> command = cmdline(pid);
        Path cwd = Path.of("/proc/" + pid + "/cwd").toRealPath();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        handle.destroy();
        handle.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(60),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        Thread.sleep(downMillis);
        Process started = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
        Files.writeString(dir.resolve("kafka.pid"), started.pid() + "\n");
        String[] hostPort = bootstrap.split(",")[0].split(":");
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not come back on " + bootstrap);
    }

    private static List<String> cmdline(long pid) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        var parts = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }
}
