package io.berth.engine.agent.channel;

import io.berth.engine.runtime.ContainerRuntime;
import io.berth.engine.runtime.ExecSession;
import io.berth.engine.runtime.ExecSpec;
import io.berth.engine.runtime.NoSuchContainerException;
import io.berth.protocol.channel.ChannelFrame;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec session: the process started in the container with or without a terminal
 * (ExecStarted), its output as base64 Output frames, stdin from Input frames, terminal size
 * from Resize, then ExecExited with its code and End. Cancel detaches: the process goes
 * on, as after a {@code docker exec} client disconnects.
 */
final class ExecStream implements ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(ExecStream.class);
    private static final byte CTRL_D = 4;

    private final ChannelFrame.OpenExec open;
    private final ContainerRuntime runtime;
    private final FrameSender out;
    private volatile ExecSession exec;
    private volatile boolean cancelled;

    ExecStream(ChannelFrame.OpenExec open, ContainerRuntime runtime, FrameSender out) {
        this.open = open;
        this.runtime = runtime;
        this.out = out;
    }

    @Override
    public void run() {
        String session = open.sessionId();
        try {
            ExecSpec spec = new ExecSpec(open.args(), open.env(), open.workingDir(), open.user(), open.tty());
            exec = runtime.execInteractive(open.containerId(), spec);
            if (open.tty() && open.rows() > 0 && open.cols() > 0) {
                exec.resize(open.rows(), open.cols());
            }
            out.send(new ChannelFrame.ExecStarted(session, exec.pid()));
            Thread stderr = open.tty() ? null : pump(exec.stderr(), "stderr");
            copy(exec.stdout(), "stdout");
            if (stderr != null) {
                stderr.join();
            }
            if (!cancelled) {
                exec.waitFor(Duration.ofSeconds(30)).ifPresentOrElse(
                        code -> out.send(new ChannelFrame.ExecExited(session, code)),
                        () -> out.send(new ChannelFrame.Error(session, "the process's exit code did not arrive", false)));
            }
        } catch (NoSuchContainerException e) {
            out.send(new ChannelFrame.Error(session, "no such container: " + open.containerId(), true));
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.send(new ChannelFrame.Error(session, e.getMessage(), false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("exec session {} in {} failed", session, open.containerId(), e);
            out.send(new ChannelFrame.Error(session, "exec failed: " + e.getMessage(), false));
        } finally {
            ExecSession started = exec;
            if (started != null) {
                started.close();
            }
        }
        out.send(new ChannelFrame.End(session));
    }

    @Override
    public void input(byte[] data, boolean eof) {
        ExecSession started = exec;
        if (started == null) {
            return;
        }
        try {
            if (data.length > 0) {
                started.stdin().write(data);
            }
            if (eof && open.tty()) {
                started.stdin().write(CTRL_D); // a terminal's end of input
            }
            started.stdin().flush();
        } catch (IOException e) {
            LOG.debug("exec session {}: stdin is closed", open.sessionId(), e);
        }
    }

    @Override
    public void resize(int rows, int cols) {
        ExecSession started = exec;
        if (started != null && open.tty() && rows > 0 && cols > 0) {
            started.resize(rows, cols);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        ExecSession started = exec;
        if (started != null) {
            started.close(); // detaching ends the output streams, so run() finishes
        }
    }

    private Thread pump(InputStream stream, String name) {
        Thread thread = new Thread(() -> copy(stream, name), "exec-" + name + "-" + open.sessionId());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void copy(InputStream stream, String name) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = stream.read(buffer)) > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buffer, n);
                if (!out.send(new ChannelFrame.Output(open.sessionId(), name, Base64.getEncoder().encodeToString(chunk)))) {
                    cancel();
                    return;
                }
            }
        } catch (IOException e) {
            // the process ended or the session was detached
        }
    }
}
