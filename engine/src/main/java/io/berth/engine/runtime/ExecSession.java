package io.berth.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jnr.posix.POSIXFactory;
import org.newsclub.net.unix.AFSocketType;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSelectorProvider;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * An interactive exec: a process in a running container whose stdin, stdout and stderr
 * the caller drives, with or without a terminal. conmon runs it ({@code -e
 * --exec-attach}, {@code -t} or {@code -i}), holds its pty or pipes, and relays them over
 * its {@code SOCK_SEQPACKET} attach socket: each packet from conmon is one stream byte
 * (2 = stdout, 3 = stderr) and the data; bytes sent go to the process's stdin.
 *
 * <p>Nothing is lost at the start: conmon sets up the socket, says so on the attach
 * pipe, and waits on the start pipe (a FIFO) until this side is connected before it runs
 * {@code runc exec}.
 */
public final class ExecSession implements AutoCloseable {
    private static final int PACKET = 8192;
    private static final byte STDOUT = 2;
    private static final byte STDERR = 3;
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final Path dir;
    private final AFUNIXDatagramChannel channel;
    private final PipedInputStream stdout = new PipedInputStream(64 * 1024);
    private final PipedInputStream stderr = new PipedInputStream(64 * 1024);
    private final OutputStream stdin;
    private final Runnable cleanup;
    private final Thread pump;
    private Integer exitCode;

    private ExecSession(Path dir, AFUNIXDatagramChannel channel, Runnable cleanup) throws IOException {
        this.dir = dir;
        this.channel = channel;
        this.cleanup = cleanup;
        PipedOutputStream out = new PipedOutputStream(stdout);
        PipedOutputStream err = new PipedOutputStream(stderr);
        this.stdin = new AttachInput(channel);
        this.pump = new Thread(() -> pump(out, err), "berth-exec-" + dir.getFileName());
        pump.setDaemon(true);
        pump.start();
    }

    static ExecSession start(Conmon conmon, String containerId, Path dir, boolean tty, Runnable cleanup) {
        String uuid = dir.getFileName().toString();
        Path socket = conmon.socketsDir().resolve(uuid).resolve("attach");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IllegalStateException("attach socket path " + socket + " is longer than " + MAX_SOCKET_PATH
                + " bytes: use a shorter runtime state directory");
        }
        Path startFifo = dir.resolve("start");
        Path syncFile = dir.resolve("sync.json");
        Path attachFile = dir.resolve("attach.json");
        if (POSIXFactory.getNativePOSIX().mkfifo(startFifo.toString(), 0600) != 0) {
            throw new ContainerRuntimeException("cannot create the start FIFO " + startFifo);
        }
        // O_RDWR: opening a FIFO for both directions never blocks on Linux, and keeps it open
        // so the shell's "4<start" does not block either.
        try (RandomAccessFile start = new RandomAccessFile(startFifo.toFile(), "rw")) {
            List<String> args = new ArrayList<>(conmon.baseArgs(containerId, uuid));
            args.addAll(List.of("-b", dir.toString(), "-p", dir.resolve("exec.pid").toString(),
                "-l", "k8s-file:" + dir.resolve("exec.log"), "--exit-dir", dir.resolve("exits").toString(),
                "--persist-dir", dir.toString(), "-e", "--exec-process-spec", dir.resolve("process.json").toString(),
                "--exec-attach", tty ? "-t" : "-i"));
            Files.createDirectories(dir.resolve("exits"));
            // First write: conmon's "you may proceed" (its cgroup placement point).
            start.write('0');
            conmon.launch(args, dir, "3>\"$SYNC_FILE\" 5>\"$ATTACH_FILE\" 4<\"$START_FIFO\"",
                Map.of("_OCI_SYNCPIPE", "3", "_OCI_STARTPIPE", "4", "_OCI_ATTACHPIPE", "5",
                    "SYNC_FILE", syncFile.toString(), "ATTACH_FILE", attachFile.toString(),
                    "START_FIFO", startFifo.toString()), dir.resolve("conmon.out"));
            Conmon.awaitSync(attachFile, 1, Conmon.SYNC_TIMEOUT, "exec in " + containerId);
            AFUNIXDatagramChannel channel = AFUNIXSelectorProvider.provider().openDatagramChannel(AFSocketType.SOCK_SEQPACKET);
            channel.connect(AFUNIXSocketAddress.of(socket));
            // Second write: attached, run the process.
            start.write('1');
            Conmon.awaitSync(syncFile, 1, Conmon.SYNC_TIMEOUT, "exec in " + containerId);
            return new ExecSession(dir, channel, cleanup);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start exec in " + containerId, e);
        }
    }

    /** The exec'd process's host pid as conmon recorded it, 0 if unknown. */
    public int pid() {
        try {
            String text = Files.readString(dir.resolve("exec.pid")).strip();
            return UserSpec.isNumeric(text) ? Integer.parseInt(text) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The process's stdout (with a tty: the terminal's output). Ends when the process exits. */
    public InputStream stdout() {
        return stdout;
    }

    /** The process's stderr; empty with a tty. */
    public InputStream stderr() {
        return stderr;
    }

    /** The process's stdin (with a tty: keyboard input, e.g. {@code \u0004} for EOF). */
    public OutputStream stdin() {
        return stdin;
    }

    /** Resizes the terminal (tty sessions only). */
    public void resize(int rows, int columns) {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("terminal size must be positive, got " + rows + "x" + columns);
        }
        try (RandomAccessFile ctl = new RandomAccessFile(dir.resolve("ctl").toFile(), "rw")) {
            ctl.write(("1 " + rows + " " + columns + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resize the exec's terminal", e);
        }
    }

    /** Waits for the process to exit; its code, or empty on timeout. */
    public synchronized Optional<Integer> waitFor(Duration timeout) {
        if (exitCode == null) {
            try {
                exitCode = Conmon.awaitSync(dir.resolve("sync.json"), 2, timeout, "exec").get(1);
            } catch (ContainerRuntimeException e) {
                if (e.getMessage().contains("no answer")) {
                    return Optional.empty();
                }
                throw e;
            }
        }
        return Optional.of(exitCode);
    }

    /** Detaches; once the process has exited its session files are deleted. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket conmon may already have closed
        }
        if (exitCode != null || Conmon.readSync(dir.resolve("sync.json")).size() >= 2) {
            cleanup.run();
        }
    }

    private void pump(PipedOutputStream out, PipedOutputStream err) {
        ByteBuffer buf = ByteBuffer.allocate(PACKET + 1);
        try (out; err) {
            while (true) {
                buf.clear();
                int n = channel.read(buf);
                if (n <= 0) {
                    return;
                }
                buf.flip();
                byte stream = buf.get();
                OutputStream target = stream == STDERR ? err : stream == STDOUT ? out : null;
                if (target != null) {
                    target.write(buf.array(), 1, n - 1);
                    target.flush();
                }
            }
        } catch (IOException e) {
            // conmon closed the socket when the process exited, or the caller detached
        }
    }

    /** Writes to the process's stdin through the attach socket, in packets conmon accepts. */
    private static final class AttachInput extends OutputStream {
        private final AFUNIXDatagramChannel channel;

        AttachInput(AFUNIXDatagramChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, PACKET);
                channel.write(ByteBuffer.wrap(b, off, n));
                off += n;
                len -= n;
            }
        }
    }
}
