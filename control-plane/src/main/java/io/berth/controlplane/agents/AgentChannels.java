package io.berth.controlplane.agents;

import io.berth.controlplane.api.CommandRefused;
import io.berth.protocol.channel.ChannelCodec;
import io.berth.protocol.channel.ChannelFrame;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The agents' channels, by host id, and the sessions multiplexed over them. A REST request that
 * needs a stream or a read from a host (logs, exec, diff) {@link #open}s a session: the control plane picks the
 * session id, sends the opening frame, and every frame the agent sends back with that id goes to
 * the session's listener until {@code End}. When a channel closes, its sessions get an
 * {@code Error} and an {@code End}, so no caller waits forever.
 */
@ApplicationScoped
public class AgentChannels {

    private static final Logger LOG = Logger.getLogger(AgentChannels.class);

    /** One open session; {@link #close} cancels it on the agent. */
    public final class Session implements AutoCloseable {
        private final String id;
        private final String hostId;
        private final Consumer<ChannelFrame> listener;
        private volatile boolean ended;

        private Session(String id, String hostId, Consumer<ChannelFrame> listener) {
            this.id = id;
            this.hostId = hostId;
            this.listener = listener;
        }

        public String id() {
            return id;
        }

        public void send(ChannelFrame frame) {
            AgentChannels.this.send(hostId, frame);
        }

        void deliver(ChannelFrame frame) {
            if (frame instanceof ChannelFrame.End) {
                ended = true;
                sessions.remove(id);
            }
            listener.accept(frame);
        }

        @Override
        public void close() {
            if (sessions.remove(id) != null && !ended) {
                try {
                    send(new ChannelFrame.Cancel(id));
                } catch (RuntimeException gone) {
                    // the channel closed meanwhile: nothing left to cancel
                }
            }
        }
    }

    private final Map<String, WebSocketConnection> byHost = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    void connected(String hostId, WebSocketConnection connection) {
        WebSocketConnection previous = byHost.put(hostId, connection);
        if (previous != null && previous != connection && previous.isOpen()) {
            previous.close().subscribe().with(ok -> { }, failure -> { });
        }
        LOG.infof("agent channel of host %s connected", hostId);
    }

    void disconnected(String hostId, WebSocketConnection connection) {
        if (!byHost.remove(hostId, connection)) {
            return;
        }
        LOG.infof("agent channel of host %s closed", hostId);
        sessions.values().stream().filter(s -> s.hostId.equals(hostId)).toList().forEach(s -> {
            s.deliver(new ChannelFrame.Error(s.id, "the agent of host " + hostId + " disconnected", false));
            s.deliver(new ChannelFrame.End(s.id));
        });
    }

    void received(ChannelFrame frame) {
        String sessionId = sessionId(frame);
        Session session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.deliver(frame);
        }
    }

    public boolean isConnected(String hostId) {
        WebSocketConnection c = byHost.get(hostId);
        return c != null && c.isOpen();
    }

    /**
     * Opens a session on {@code hostId}'s channel: registers {@code listener}, then sends the
     * frame {@code opening} builds from the new session id.
     */
    public Session open(String hostId, java.util.function.Function<String, ChannelFrame> opening,
            Consumer<ChannelFrame> listener) {
        if (!isConnected(hostId)) {
            throw new CommandRefused("the agent of host " + hostId + " has no channel open; logs and exec"
                    + " need it connected");
        }
        String id = UUID.randomUUID().toString();
        Session session = new Session(id, hostId, listener);
        sessions.put(id, session);
        try {
            send(hostId, opening.apply(id));
        } catch (RuntimeException e) {
            sessions.remove(id);
            throw e;
        }
        return session;
    }

    private void send(String hostId, ChannelFrame frame) {
        WebSocketConnection c = byHost.get(hostId);
        if (c == null || !c.isOpen()) {
            throw new CommandRefused("the agent of host " + hostId + " has no channel open");
        }
        c.sendText(ChannelCodec.encode(frame)).await().atMost(java.time.Duration.ofSeconds(10));
    }

    private static String sessionId(ChannelFrame frame) {
        if (frame instanceof ChannelFrame.LogLine f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.ExecStarted f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.Output f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.ExecExited f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.Diff f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.Error f) {
            return f.sessionId();
        } else if (frame instanceof ChannelFrame.End f) {
            return f.sessionId();
        }
        return null;
    }
}
