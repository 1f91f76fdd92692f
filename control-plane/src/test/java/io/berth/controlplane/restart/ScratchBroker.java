package io.berth.controlplane.restart;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of the test's own (KRaft, one node, fresh data, free ports), from the jars of
 * the run's broker that {@code deploy/berth test} started (its command line gives the java and
 * the class path). A test whose agents and control plane must see no other control plane — the
 * agent topics have fixed names — uses it instead of the shared test broker.
 */
final class ScratchBroker implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final Process process;

    private ScratchBroker(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts one in {@code dir}; returns once its port accepts connections. */
    static ScratchBroker start(Path dir) throws Exception {
        List<String> template = runBrokerCommand();
        int kafkaIndex = template.indexOf("kafka.Kafka");
        List<String> jvm = new ArrayList<>(template.subList(0, kafkaIndex));
        jvm.removeIf(arg -> arg.startsWith("-Xm")); // a small heap is plenty here
        jvm.add(1, "-Xmx384m");
        String classpath = jvm.get(jvm.indexOf("-cp") + 1);
        int port = freePort();
        int controller = freePort();
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT", "log.dirs=" + dir.resolve("data"), "num.partitions=6",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true", ""), StandardCharsets.UTF_8);
        Path log = dir.resolve("kafka.log");
        String java = jvm.get(0);
        run(List.of(java, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t",
                clusterId(), "-c", config.toString()), log);
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("kafka.Kafka", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        var broker = new ScratchBroker(dir, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the scratch broker exited; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        broker.close();
        throw new IllegalStateException("the scratch broker did not open port " + port + "; see " + log);
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The command line of the broker deploy/berth test started for this run. */
    private static List<String> runBrokerCommand() throws IOException {
        String log = System.getenv("BERTH_TEST_KAFKA_LOG");
        if (log == null) {
            throw new IllegalStateException("BERTH_TEST_KAFKA_LOG is not set: run the tests with deploy/berth test");
        }
        long pid = Long.parseLong(Files.readString(Path.of(log).resolveSibling("kafka.pid")).trim());
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                parts.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return parts;
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }

    /** A KRaft cluster id: 16 random bytes, base64url without padding, as kafka-storage random-uuid prints. */
    private static String clusterId() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
