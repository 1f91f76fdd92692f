package io.berth.engine.agent.channel;

import io.berth.engine.runtime.ContainerRuntime;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.UnreadableMessageException;
import io.berth.protocol.channel.ChannelCodec;
import io.berth.protocol.channel.ChannelFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the agent channel (see {@link ChannelFrame}): a WebSocket the agent
 * dials to {@code <controlPlaneUrl>/api/v1/agents/channel} — outwards, so agents behind NAT
 * work — with its host credential as {@code Authorization: Bearer …} and
 * {@code X-Berth-Host: <hostId>}. It says Hello, then serves the log, exec and diff sessions
 * the control plane opens, each on its
 * own thread. When the connection drops, its sessions end and the agent dials again with
 * backoff (1 s doubling to 30 s), for as long as it runs.
 */
public final class AgentChannel implements AutoCloseable {

    public static final String PATH = "/api/v1/agents/channel";
    private static final Logger LOG = LoggerFactory.getLogger(AgentChannel.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final URI uri;
    private final HostCredential credential;
    private final String hostId;
    private final String agentVersion;
    private final ContainerRuntime runtime;
    private final ContainerChanges changes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            // HTTP/1.1: the JDK client's cleartext HTTP/2 upgrade (h2c) against Vert.x can
            // misread a large response as a bad frame ("Frame type(255) … exceeds MAX_FRAME_SIZE")
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, ChannelSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger sessionThreads = new AtomicInteger();
    private final ExecutorService sessionRunner = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "agent-channel-session-" + sessionThreads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService dialer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "agent-channel-dialer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile boolean everConnected;
    private long backoffMillis = 1000;

    public AgentChannel(URI controlPlaneUrl, HostCredential credential, String agentVersion,
            ContainerRuntime runtime, ContainerChanges changes) {
        this.uri = channelUri(controlPlaneUrl);
        this.credential = credential;
        this.hostId = credential.hostId();
        this.agentVersion = agentVersion;
        this.runtime = runtime;
        this.changes = changes;
    }

    /** {@code http://cp:8080} → {@code ws://cp:8080/api/v1/agents/channel} (https → wss). */
    static URI channelUri(URI controlPlaneUrl) {
        String base = controlPlaneUrl.toString().replaceAll("/+$", "");
        return URI.create(base.replaceFirst("^http", "ws") + PATH);
    }

    public void start() {
        dialer.execute(this::dial);
    }

    public boolean isConnected() {
        return socket != null;
    }

    private void dial() {
        if (closed) {
            return;
        }
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("X-Berth-Host", hostId).header("Authorization", "Bearer " + credential.token());
        builder.buildAsync(uri, new Reader()).whenComplete((ws, error) -> {
            if (error != null) {
                String why = error.getCause() instanceof WebSocketHandshakeException handshake
                        ? "refused with HTTP " + handshake.getResponse().statusCode() : String.valueOf(error.getCause());
                if (everConnected || backoffMillis == 1000) {
                    LOG.info("agent channel to {}: {}; dialing again in {} ms", uri, why, backoffMillis);
                }
                redial();
                return;
            }
            synchronized (this) {
                socket = ws;
                backoffMillis = 1000;
            }
            everConnected = true;
            LOG.info("agent channel connected to {}", uri);
            send(new ChannelFrame.Hello(hostId, agentVersion));
        });
    }

    private synchronized void redial() {
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
        dialer.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }

    /** One frame at a time: the JDK's WebSocket takes no new send until the last completed. */
    private synchronized boolean send(ChannelFrame frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return false;
        }
        try {
            ws.sendText(ChannelCodec.encode(frame), true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.info("agent channel send failed: {}", e.toString());
            dropped(ws);
            ws.abort();
            return false;
        }
    }

    private void onFrame(ChannelFrame frame) {
        if (frame instanceof ChannelFrame.OpenLogs open) {
            startSession(open.sessionId(), new LogStream(open, runtime, this::send));
        } else if (frame instanceof ChannelFrame.OpenExec open) {
            startSession(open.sessionId(), new ExecStream(open, runtime, this::send));
        } else if (frame instanceof ChannelFrame.OpenDiff open) {
            startSession(open.sessionId(), new DiffSession(open, changes, this::send));
        } else if (frame instanceof ChannelFrame.Input input) {
            ChannelSession session = sessions.get(input.sessionId());
            if (session != null) {
                byte[] data = input.data() == null ? new byte[0] : Base64.getDecoder().decode(input.data());
                session.input(data, input.eof());
            }
        } else if (frame instanceof ChannelFrame.Resize resize) {
            ChannelSession session = sessions.get(resize.sessionId());
            if (session != null) {
                session.resize(resize.rows(), resize.cols());
            }
        } else if (frame instanceof ChannelFrame.Cancel cancel) {
            ChannelSession session = sessions.get(cancel.sessionId());
            if (session != null) {
                session.cancel();
            }
        } else {
            LOG.debug("agent channel: ignoring a {} frame from the control plane", frame.getClass().getSimpleName());
        }
    }

    private void startSession(String sessionId, ChannelSession session) {
        if (sessionId == null || sessions.putIfAbsent(sessionId, session) != null) {
            send(new ChannelFrame.Error(sessionId, "session id '" + sessionId + "' is missing or in use", false));
            send(new ChannelFrame.End(sessionId));
            return;
        }
        sessionRunner.execute(() -> {
            try {
                session.run();
            } finally {
                sessions.remove(sessionId, session);
            }
        });
    }

    /** The connection is gone: its sessions end, and the agent dials again. */
    private void dropped(WebSocket ws) {
        synchronized (this) {
            if (socket != ws) {
                return; // already handled
            }
            socket = null;
        }
        sessions.values().forEach(ChannelSession::cancel);
        if (!closed) {
            LOG.info("agent channel to {} closed; dialing again", uri);
            redial();
        }
    }

    private final class Reader implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    onFrame(ChannelCodec.decode(text));
                } catch (UnreadableMessageException | IllegalArgumentException e) {
                    LOG.warn("agent channel: unreadable frame from the control plane: {}", e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(webSocket);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.info("agent channel error: {}", error.toString());
            dropped(webSocket);
        }
    }

    @Override
    public void close() {
        closed = true;
        dialer.shutdownNow();
        sessions.values().forEach(ChannelSession::cancel);
        WebSocket ws = socket;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }
        sessionRunner.shutdownNow();
    }
}
