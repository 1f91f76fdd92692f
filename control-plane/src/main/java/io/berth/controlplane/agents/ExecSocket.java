package io.berth.controlplane.agents;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.auth.Authenticated;
import io.berth.controlplane.limits.StreamSlots;
import io.berth.protocol.channel.ChannelFrame;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Interactive exec: {@code /api/v1/containers/{id}/exec/ws?cmd=sh&cmd=-i&tty=true}, bridged to an
 * exec session on the container's host. Binary or text messages from the client are the
 * process's stdin; its output comes back as binary messages; when it exits the socket gets a
 * text message {@code {"exitCode":N}} and closes. Operators only, checked at the upgrade
 * (a viewer's upgrade is refused with 403; see identity.auth.WebSocketUpgradeCheck).
 */
@RolesAllowed(Roles.OPERATOR)
@WebSocket(path = "/api/v1/containers/{id}/exec/ws")
public class ExecSocket {

    @Inject
    WebSocketConnection connection;
    @Inject
    ContainerStreams streams;
    @Inject
    SecurityIdentity identity;
    @Inject
    StreamSlots slots;

    /** The connection itself: the injected proxy only works inside this endpoint's callbacks. */
    private volatile WebSocketConnection socket;
    private volatile ContainerStreams.InteractiveExec exec;
    private volatile Integer exitCode;
    /** Input that arrived before the host started the process (the agent drops input before that). */
    private final List<byte[]> pending = new ArrayList<>();
    private boolean started;
    /** One of the user's stream slots, held while the socket is open (see limits.StreamSlots). */
    private volatile StreamSlots.Slot slot;

    @OnOpen
    void open(@PathParam String id) {
        socket = io.quarkus.arc.ClientProxy.unwrap(connection);
        var args = new ArrayList<String>();
        boolean tty = false;
        int rows = 24;
        int cols = 80;
        String query = connection.handshakeRequest().query();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "cmd" -> args.add(value);
                case "tty" -> tty = Boolean.parseBoolean(value);
                case "rows" -> rows = Integer.parseInt(value);
                case "cols" -> cols = Integer.parseInt(value);
                default -> { }
            }
        }
        var metadata = new EventMetadata(Authenticated.actor(identity), Authenticated.source(identity),
                connection.handshakeRequest().remoteAddress(), null, null, null);
        try {
            slot = slots.acquire(StreamSlots.user(identity));
            exec = streams.interactive(id, args.isEmpty() ? List.of("sh") : args, tty, rows, cols, metadata,
                    this::fromHost);
            flush();
        } catch (RuntimeException e) {
            connection.close(new CloseReason(1008, truncate(e.getMessage()))).await().indefinitely();
        }
    }

    private void fromHost(ChannelFrame frame) {
        if (frame instanceof ChannelFrame.ExecStarted) {
            synchronized (pending) {
                started = true;
            }
            flush();
        } else if (frame instanceof ChannelFrame.Output o) {
            socket.sendBinary(Buffer.buffer(Base64.getDecoder().decode(o.data()))).subscribe()
                    .with(ok -> { }, failure -> { });
        } else if (frame instanceof ChannelFrame.ExecExited e) {
            exitCode = e.exitCode();
            socket.sendText("{\"exitCode\":" + e.exitCode() + "}").subscribe().with(ok -> { }, failure -> { });
        } else if (frame instanceof ChannelFrame.Error e) {
            socket.sendText("{\"error\":" + io.vertx.core.json.Json.encode(e.message()) + "}").subscribe()
                    .with(ok -> { }, failure -> { });
        } else if (frame instanceof ChannelFrame.End) {
            socket.close().subscribe().with(ok -> { }, failure -> { });
        }
    }

    @OnTextMessage
    void input(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    @OnBinaryMessage
    void input(Buffer bytes) {
        send(bytes.getBytes());
    }

    private void send(byte[] bytes) {
        synchronized (pending) {
            pending.add(bytes);
        }
        flush();
    }

    /** Forwards pending input once the process runs and the session is known, in order. */
    private void flush() {
        synchronized (pending) {
            if (!started || exec == null) {
                return;
            }
            pending.forEach(this::forward);
            pending.clear();
        }
    }

    private void forward(byte[] bytes) {
        var e = exec;
        if (e != null) {
            e.session().send(new ChannelFrame.Input(e.session().id(), Base64.getEncoder().encodeToString(bytes),
                    false));
        }
    }

    @OnClose
    void close() {
        var held = slot;
        if (held != null) {
            held.release();
        }
        var e = exec;
        if (e != null) {
            streams.ended(e, exitCode);
        }
    }

    private static String truncate(String s) {
        return s == null ? "exec refused" : s.length() > 120 ? s.substring(0, 120) : s;
    }
}
