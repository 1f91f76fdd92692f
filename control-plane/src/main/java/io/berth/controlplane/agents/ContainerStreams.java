package io.berth.controlplane.agents;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.containers.CommandIds;
import io.berth.controlplane.containers.ContainerCommands.EndExec;
import io.berth.controlplane.containers.ContainerCommands.StartExec;
import io.berth.controlplane.containers.ContainerService;
import io.berth.controlplane.containers.ContainerView;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.protocol.channel.ChannelFrame;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Logs and exec: streams, not events, relayed from the container's host over its agent channel.
 * Exec sessions are recorded as events (who ran what, when, with which exit code) on the
 * container's stream around the session.
 */
@ApplicationScoped
public class ContainerStreams {

    /** One log line as SSE clients get it. */
    public record LogEntry(String stream, String timestamp, String text) {
    }

    /** What a non-interactive exec produced. */
    public record ExecResult(String execId, String commandId, int exitCode, String stdout, String stderr) {
    }

    private final AgentChannels channels;
    private final ContainerService containers;

    public ContainerStreams(AgentChannels channels, ContainerService containers) {
        this.channels = channels;
        this.containers = containers;
    }

    /** The container's log as entries; ends with the log (or, with follow, when the container stops). */
    public Multi<LogEntry> logs(String idOrName, int tail, String since, boolean follow, boolean stdout,
            boolean stderr) {
        ContainerView container = containers.inspect(idOrName);
        if (container.hostId() == null) {
            throw new CommandRefused("container " + idOrName + " is not on a host yet");
        }
        return Multi.createFrom().<LogEntry>emitter(emitter -> {
            var session = channels.open(container.hostId(), sessionId -> new ChannelFrame.OpenLogs(sessionId,
                    container.id(), tail, since, follow, stdout || !stderr, stderr || !stdout), frame -> {
                        if (frame instanceof ChannelFrame.LogLine line) {
                            emitter.emit(new LogEntry(line.stream(), line.timestamp(), line.text()));
                        } else if (frame instanceof ChannelFrame.Error error) {
                            emitter.fail(error.notFound() ? new NotFound(error.message())
                                    : new CommandRefused(error.message()));
                        } else if (frame instanceof ChannelFrame.End) {
                            emitter.complete();
                        }
                    });
            emitter.onTermination(session::close);
        }).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    /** Runs a command in the container and waits for it (at most {@code timeout}). */
    public ExecResult exec(String idOrName, List<String> args, List<String> env, String workdir, String user,
            boolean tty, Duration timeout, EventMetadata requestMetadata) {
        if (args == null || args.isEmpty()) {
            throw new InvalidCommand("exec needs a command (cmd)");
        }
        ContainerView container = containers.inspect(idOrName);
        String execId = UUID.randomUUID().toString().replace("-", "");
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        containers.handle(container.id(), new StartExec(execId, args, user, tty, false), metadata);
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var exit = new CompletableFuture<Integer>();
        Integer[] exitCode = new Integer[1];
        String failure = null;
        try (var session = channels.open(container.hostId(), sessionId -> new ChannelFrame.OpenExec(sessionId,
                container.id(), args, env, workdir, user, tty, 24, 80), frame -> {
                    if (frame instanceof ChannelFrame.Output o) {
                        byte[] bytes = Base64.getDecoder().decode(o.data());
                        synchronized (out) {
                            ("stderr".equals(o.stream()) ? err : out).writeBytes(bytes);
                        }
                    } else if (frame instanceof ChannelFrame.ExecExited e) {
                        exitCode[0] = e.exitCode();
                    } else if (frame instanceof ChannelFrame.Error e) {
                        exit.completeExceptionally(new CommandRefused(e.message()));
                    } else if (frame instanceof ChannelFrame.End) {
                        exit.complete(exitCode[0]);
                    }
                })) {
            Integer code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code == null) {
                failure = "the session ended without an exit code";
            } else {
                exitCode[0] = code;
            }
        } catch (TimeoutException e) {
            failure = "exec did not finish within " + timeout.toSeconds() + "s";
        } catch (ExecutionException e) {
            failure = e.getCause().getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            containers.handle(container.id(), new EndExec(execId, exitCode[0]),
                    metadata.withCommandId(CommandIds.derived(metadata.commandId(), "end")));
        }
        if (failure != null) {
            throw new CommandRefused(failure);
        }
        synchronized (out) {
            return new ExecResult(execId, metadata.commandId(), exitCode[0], out.toString(
                    java.nio.charset.StandardCharsets.UTF_8), err.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Starts an interactive session: records its start, opens it on the host and hands every
     * frame back to {@code listener}. The caller sends Input/Resize through the session and
     * calls {@link #ended} when it is over.
     */
    public InteractiveExec interactive(String idOrName, List<String> args, boolean tty, int rows, int cols,
            EventMetadata requestMetadata, Consumer<ChannelFrame> listener) {
        if (args == null || args.isEmpty()) {
            throw new InvalidCommand("exec needs a command (cmd)");
        }
        ContainerView container = containers.inspect(idOrName);
        String execId = UUID.randomUUID().toString().replace("-", "");
        EventMetadata metadata = CommandIds.assign(requestMetadata);
        containers.handle(container.id(), new StartExec(execId, args, null, tty, true), metadata);
        var session = channels.open(container.hostId(), sessionId -> new ChannelFrame.OpenExec(sessionId,
                container.id(), args, List.of(), null, null, tty, rows, cols), listener);
        return new InteractiveExec(container.id(), execId, metadata, session);
    }

    /** An open interactive exec. */
    public record InteractiveExec(String containerId, String execId, EventMetadata metadata,
            AgentChannels.Session session) {
    }

    public void ended(InteractiveExec exec, Integer exitCode) {
        exec.session().close();
        containers.handle(exec.containerId(), new EndExec(exec.execId(), exitCode),
                exec.metadata().withCommandId(CommandIds.derived(exec.metadata().commandId(), "end")));
    }
}
