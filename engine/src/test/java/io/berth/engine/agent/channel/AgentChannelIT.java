package io.berth.engine.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.agent.Agent;
import io.berth.engine.agent.AgentConfig;
import io.berth.engine.agent.BusyboxImage;
import io.berth.engine.agent.TestCredentials;
import io.berth.protocol.agent.HostCredential;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.channel.ChannelCodec;
import io.berth.protocol.channel.ChannelFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent channel against a WebSocket server (Vert.x) playing the control plane's end at
 * {@code /api/v1/agents/channel}: Hello, logs, exec with and without a terminal, unknown
 * containers, and dialing again after the control plane went away.
 */
class AgentChannelIT {

    private final Vertx vertx = Vertx.vertx();
    private final BlockingQueue<ChannelFrame> frames = new LinkedBlockingQueue<>();
    private final List<String> handshakes = new ArrayList<>();
    private volatile ServerWebSocket socket;
    private HttpServer server;
    private Agent agent;
    private HostCredential credential;

    @BeforeEach
    void start(@TempDir Path stateDir) throws Exception {
        server = listen(0);
        credential = TestCredentials.install(stateDir);
        agent = Agent.start(new AgentConfig(stateDir, testKafka(), 0, Map.of())
                .withControlPlane(URI.create("http://127.0.0.1:" + server.actualPort()), null));
        BusyboxImage.importInto(agent.engine());
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            for (ContainerStatus c : agent.engine().runtime().list()) {
                agent.engine().remove(c.id(), true);
            }
            agent.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpServer listen(int port) throws Exception {
        return vertx.createHttpServer().webSocketHandler(ws -> {
            if (!ws.path().equals("/api/v1/agents/channel")) {
                ws.reject(404);
                return;
            }
            synchronized (handshakes) {
                handshakes.add(ws.headers().get("Authorization") + " " + ws.headers().get("X-Berth-Host"));
            }
            ws.textMessageHandler(text -> frames.add(ChannelCodec.decode(text)));
            socket = ws;
        }).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void send(ChannelFrame frame) {
        socket.writeTextMessage(ChannelCodec.encode(frame));
    }

    private <T extends ChannelFrame> T next(Class<T> type) throws InterruptedException {
        ChannelFrame frame = frames.poll(30, TimeUnit.SECONDS);
        assertThat(frame).as("a %s frame", type.getSimpleName()).isInstanceOf(type);
        return type.cast(frame);
    }

    /** Every frame of a session up to and including its End. */
    private List<ChannelFrame> session(String sessionId) throws InterruptedException {
        List<ChannelFrame> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            ChannelFrame frame = frames.poll(1, TimeUnit.SECONDS);
            if (frame == null) {
                continue;
            }
            got.add(frame);
            if (frame instanceof ChannelFrame.End end && end.sessionId().equals(sessionId)) {
                return got;
            }
        }
        throw new AssertionError("session " + sessionId + " did not end; got " + got);
    }

    private static String output(List<ChannelFrame> frames, String stream) {
        StringBuilder out = new StringBuilder();
        for (ChannelFrame f : frames) {
            if (f instanceof ChannelFrame.Output o && o.stream().equals(stream)) {
                out.append(new String(Base64.getDecoder().decode(o.data()), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    private String runContainer(String... cmd) throws Exception {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        agent.engine().run("busybox", ContainerSpec.builder(id).cmd(cmd));
        return id;
    }

    @Test
    void saysHelloWithItsTokenAndHostThenServesLogsFollowingToTheExit() throws Exception {
        assertThat(next(ChannelFrame.Hello.class).hostId()).isEqualTo(agent.hostId());
        assertThat(handshakes).containsExactly("Bearer " + credential.token() + " " + agent.hostId());
        String id = runContainer("sh", "-c", "echo one; echo two >&2; sleep 1; echo three");

        send(new ChannelFrame.OpenLogs("s1", id, -1, null, true, true, true));
        List<ChannelFrame> followed = session("s1");

        assertThat(followed).filteredOn(ChannelFrame.LogLine.class::isInstance).extracting(f -> {
            ChannelFrame.LogLine line = (ChannelFrame.LogLine) f;
            return line.stream() + ":" + line.text();
        }).containsExactlyInAnyOrder("stdout:one", "stderr:two", "stdout:three");
        assertThat(followed).last().isEqualTo(new ChannelFrame.End("s1"));

        send(new ChannelFrame.OpenLogs("s2", id, 1, null, false, true, false));
        assertThat(session("s2")).containsExactly(
                new ChannelFrame.LogLine("s2", "stdout", ((ChannelFrame.LogLine) followed.get(followed.size() - 2))
                        .timestamp(), "three"), new ChannelFrame.End("s2"));
    }

    @Test
    void anUnknownContainerIsNotFound() throws Exception {
        next(ChannelFrame.Hello.class);
        send(new ChannelFrame.OpenLogs("s1", "nope", -1, null, false, true, true));
        assertThat(session("s1")).containsExactly(
                new ChannelFrame.Error("s1", "no such container: nope", true), new ChannelFrame.End("s1"));
        send(new ChannelFrame.OpenExec("s2", "nope", List.of("true"), null, null, null, false, 0, 0));
        assertThat(session("s2")).containsExactly(
                new ChannelFrame.Error("s2", "no such container: nope", true), new ChannelFrame.End("s2"));
    }

    @Test
    void execWithoutATerminalKeepsItsStreamsApartAndEndsWithItsCode() throws Exception {
        next(ChannelFrame.Hello.class);
        String id = runContainer("sleep", "300");

        send(new ChannelFrame.OpenExec("e1", id, List.of("sh", "-c", "echo out; echo err >&2; exit 4"), null, null,
                null, false, 0, 0));
        List<ChannelFrame> exec = session("e1");

        assertThat(exec.get(0)).isInstanceOf(ChannelFrame.ExecStarted.class);
        assertThat(((ChannelFrame.ExecStarted) exec.get(0)).pid()).isPositive();
        assertThat(output(exec, "stdout")).isEqualTo("out\n");
        assertThat(output(exec, "stderr")).isEqualTo("err\n");
        assertThat(exec.subList(exec.size() - 2, exec.size()))
                .containsExactly(new ChannelFrame.ExecExited("e1", 4), new ChannelFrame.End("e1"));
    }

    @Test
    void diffListsTheContainersChangesAsDockerDoes() throws Exception {
        next(ChannelFrame.Hello.class);
        String id = runContainer("sleep", "300");
        send(new ChannelFrame.OpenExec("e1", id, List.of("sh", "-c",
                "echo new > /etc/added && rm /etc/group && echo more >> /etc/passwd"), null, null, null, false, 0, 0));
        assertThat(session("e1")).contains(new ChannelFrame.ExecExited("e1", 0));

        send(new ChannelFrame.OpenDiff("d1", id));

        assertThat(session("d1")).containsExactly(new ChannelFrame.Diff("d1", List.of(
                new ChannelFrame.PathChange("/etc", "changed"), new ChannelFrame.PathChange("/etc/added", "added"),
                new ChannelFrame.PathChange("/etc/group", "deleted"),
                new ChannelFrame.PathChange("/etc/passwd", "changed"))), new ChannelFrame.End("d1"));
        send(new ChannelFrame.OpenDiff("d2", "nope"));
        assertThat(session("d2")).containsExactly(
                new ChannelFrame.Error("d2", "no such container: nope", true), new ChannelFrame.End("d2"));
    }

    @Test
    void anInteractiveTerminalTakesInput() throws Exception {
        next(ChannelFrame.Hello.class);
        String id = runContainer("sleep", "300");

        send(new ChannelFrame.OpenExec("t1", id, List.of("sh"), null, null, null, true, 24, 80));
        assertThat(next(ChannelFrame.ExecStarted.class).sessionId()).isEqualTo("t1");
        send(new ChannelFrame.Input("t1", Base64.getEncoder().encodeToString(
                "echo hi-$((40+2))\nexit 3\n".getBytes(StandardCharsets.UTF_8)), false));
        List<ChannelFrame> rest = session("t1");

        assertThat(output(rest, "stdout")).contains("hi-42");
        assertThat(rest).contains(new ChannelFrame.ExecExited("t1", 3));
    }

    @Test
    void dialsAgainWhenTheControlPlaneComesBack() throws Exception {
        next(ChannelFrame.Hello.class);
        int port = server.actualPort();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (agent.channelConnected() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(agent.channelConnected()).isFalse();

        server = listen(port);

        ChannelFrame.Hello again = next(ChannelFrame.Hello.class);
        assertThat(again.hostId()).isEqualTo(agent.hostId());
    }

    private static String testKafka() {
        String kafka = System.getenv("BERTH_TEST_KAFKA");
        if (kafka == null) {
            throw new IllegalStateException("BERTH_TEST_KAFKA is not set: run the tests with deploy/berth test");
        }
        return kafka;
    }
}
