package io.berth.protocol.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * Frames on the agent channel: one WebSocket per agent, dialed by the agent to the control
 * plane at {@code /api/v1/agents/channel} (so agents behind NAT work), carrying logs and
 * exec sessions, which are streams, not events. Many sessions share the channel, each named
 * by a {@code sessionId} the control plane chooses. One JSON text message per frame; the
 * {@code type} field names the frame.
 *
 * <pre>
 *   control plane → agent            agent → control plane
 *   OpenLogs ─────────────────────►  LogLine* … End
 *   OpenExec ─────────────────────►  ExecStarted, Output* … ExecExited, End
 *   Input* / Resize* ─────────────►
 *   OpenDiff ─────────────────────►  Diff, End
 *   Cancel ───────────────────────►  End
 *                                    Error (then End) when a session cannot go on
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChannelFrame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ChannelFrame.OpenLogs.class, name = "logs.open"),
    @JsonSubTypes.Type(value = ChannelFrame.LogLine.class, name = "logs.line"),
    @JsonSubTypes.Type(value = ChannelFrame.OpenExec.class, name = "exec.open"),
    @JsonSubTypes.Type(value = ChannelFrame.ExecStarted.class, name = "exec.started"),
    @JsonSubTypes.Type(value = ChannelFrame.Input.class, name = "exec.input"),
    @JsonSubTypes.Type(value = ChannelFrame.Resize.class, name = "exec.resize"),
    @JsonSubTypes.Type(value = ChannelFrame.Output.class, name = "exec.output"),
    @JsonSubTypes.Type(value = ChannelFrame.ExecExited.class, name = "exec.exited"),
    @JsonSubTypes.Type(value = ChannelFrame.OpenDiff.class, name = "diff.open"),
    @JsonSubTypes.Type(value = ChannelFrame.Diff.class, name = "diff"),
    @JsonSubTypes.Type(value = ChannelFrame.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = ChannelFrame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ChannelFrame.End.class, name = "end"),
})
public sealed interface ChannelFrame {

    /** The agent's first frame: which host this channel belongs to. */
    record Hello(String hostId, String agentVersion) implements ChannelFrame {
    }

    /**
     * Read a container's log.
     *
     * @param tail   the last N lines only, or -1 for all
     * @param since  only lines at or after this RFC 3339 time, or null
     * @param follow keep sending new lines until the container exits or the session is cancelled
     */
    record OpenLogs(String sessionId, String containerId, int tail, String since, boolean follow, boolean stdout,
            boolean stderr) implements ChannelFrame {
    }

    /** One log line; {@code stream} is {@code stdout} or {@code stderr}, {@code timestamp} RFC 3339. */
    record LogLine(String sessionId, String stream, String timestamp, String text) implements ChannelFrame {
    }

    /** Start a process in a running container; with {@code tty} its output is one stream. */
    record OpenExec(String sessionId, String containerId, List<String> args, List<String> env, String workingDir,
            String user, boolean tty, int rows, int cols) implements ChannelFrame {
        public OpenExec {
            args = args == null ? List.of() : List.copyOf(args);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }

    record ExecStarted(String sessionId, int pid) implements ChannelFrame {
    }

    /** Bytes for the process's stdin, base64; {@code eof} closes stdin after them. */
    record Input(String sessionId, String data, boolean eof) implements ChannelFrame {
    }

    record Resize(String sessionId, int rows, int cols) implements ChannelFrame {
    }

    /** Bytes the process wrote, base64; {@code stream} is {@code stdout} or {@code stderr}. */
    record Output(String sessionId, String stream, String data) implements ChannelFrame {
    }

    record ExecExited(String sessionId, int exitCode) implements ChannelFrame {
    }

    /** Read a container's filesystem changes against its image ({@code docker diff}). */
    record OpenDiff(String sessionId, String containerId) implements ChannelFrame {
    }

    /**
     * The container's changes, sorted by path: every entry of its read-write layer, so the parent
     * directories of an added or deleted path are there as changed, as {@code docker diff} lists them.
     */
    record Diff(String sessionId, List<PathChange> changes) implements ChannelFrame {
        public Diff {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    /** One changed path, absolute inside the container; {@code kind} is {@code added}, {@code changed} or {@code deleted}. */
    record PathChange(String path, String kind) {
    }

    record Cancel(String sessionId) implements ChannelFrame {
    }

    /** The session failed; {@code notFound} when the container does not exist on this host. */
    record Error(String sessionId, String message, boolean notFound) implements ChannelFrame {
    }

    /** No more frames for this session. */
    record End(String sessionId) implements ChannelFrame {
    }
}
