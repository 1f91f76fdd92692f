package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

/**
 * Launches conmon, the small monitor Podman and CRI-O use: it runs {@code runc create}
 * (or {@code runc exec}), daemonizes, holds the container's stdio, writes the k8s-file
 * log and, when the process ends, the exit file. Because conmon — not the JVM — is the
 * container's parent, containers outlive the engine.
 *
 * <p>conmon reports through file descriptors ({@code _OCI_SYNCPIPE} and friends), which
 * {@link ProcessBuilder} cannot pass; a {@code /bin/sh} wrapper opens them as
 * redirections before it {@code exec}s conmon. The sync "pipe" is a regular file: if it
 * were a pipe and the engine died before reading it, conmon would die too and strand
 * the container.
 */
final class Conmon {
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    /** What a {@code createdSooner} answers when it does not know the pid yet but will within a millisecond or two. */
    static final int SOON = -1;
    private static final ExecutorService LAUNCHER = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "conmon-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path binary;
    private final Runc runc;
    private final RuntimeLayout layout;

    Conmon(Path binary, Runc runc, RuntimeLayout layout) {
        this.binary = binary;
        this.runc = runc;
        this.layout = layout;
    }

    Path socketsDir() {
        return layout.sockets();
    }

    /** The arguments every conmon call shares: identity, runtime, the same runc --root. */
    List<String> baseArgs(String id, String uuid) {
        return new ArrayList<>(List.of(binary.toString(), "--api-version", "1", "-c", id, "-u", uuid, "-n", id,
            "-r", runc.binary().toString(), "--runtime-arg", "--root", "--runtime-arg", runc.root().toString(),
            "--socket-dir-path", layout.sockets().toString()));
    }

    /**
     * Launches conmon for a {@code runc create} of the bundle in {@code dir}, held back on its
     * start pipe: conmon's own start (exec, option parsing, opening the log) then overlaps the
     * caller's preparation of the rootfs and bundle, and nothing runs until
     * {@link PendingCreate#go()}. The container directory must exist; its {@code config.json}
     * need not, yet.
     */
    PendingCreate launchCreate(String id, String uuid, ContainerDirectory dir, boolean tty) {
        try {
            Files.createDirectories(dir.persist());
            Files.deleteIfExists(dir.syncFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare bundle " + dir.bundle(), e);
        }
        List<String> args = baseArgs(id, uuid);
        args.addAll(List.of("-b", dir.bundle().toString(), "-p", dir.pidFile().toString(),
            "-P", dir.conmonPidFile().toString(), "-l", "k8s-file:" + dir.log(),
            "--exit-dir", layout.exits().toString(), "--persist-dir", dir.persist().toString()));
        if (tty) {
            args.add("-t");
        }
        Path out = dir.bundle().resolve("conmon.out");
        // cwd = bundle: conmon drops its oom marker and attach socket there. Its start pipe is
        // our stdin pipe moved to fd 4; stdin itself becomes /dev/null. Spawning holds the calling
        // thread for a few milliseconds (jspawnhelper, sh, exec), so another thread does it and the
        // caller starts preparing at once.
        CompletableFuture<Process> process = CompletableFuture.supplyAsync(() -> spawn(args, dir.bundle(),
            "4<&0 0</dev/null 3>\"$SYNC_FILE\"", Map.of("_OCI_STARTPIPE", "4", "_OCI_SYNCPIPE", "3",
                "SYNC_FILE", dir.syncFile().toString()), ProcessBuilder.Redirect.PIPE, out), LAUNCHER);
        return new PendingCreate(id, dir, process, out);
    }

    /** A conmon waiting on its start pipe; either {@link #go()} or {@link #abandon()} follows. */
    final class PendingCreate {
        private final String id;
        private final ContainerDirectory dir;
        private final CompletableFuture<Process> process;
        private final Path out;

        private PendingCreate(String id, ContainerDirectory dir, CompletableFuture<Process> process, Path out) {
            this.id = id;
            this.dir = dir;
            this.process = process;
            this.out = out;
        }

        /**
         * Lets conmon go on: it daemonizes, runs {@code runc create}, and reports the container's
         * pid ({@link #awaitCreated()}). The container is then CREATED, waiting to be started.
         */
        void go() {
            Process conmon = launched();
            try (var startPipe = conmon.getOutputStream()) {
                startPipe.write('1');
            } catch (IOException conmonGone) {
                // conmon exited before reading its start pipe: its exit status and output say why
            }
        }

        /** After {@link #go()}: waits for conmon to report the created container and returns its pid. */
        int awaitCreated() {
            return awaitCreated(() -> 0, Conmon::pause);
        }

        /**
         * As {@link #awaitCreated()}, but returns as soon as {@code createdSooner} knows the pid
         * (positive), if that comes before conmon's report; conmon's report of a failure still
         * ends the wait with it. Between looks it waits with {@code pause} (given the longest
         * pause, in nanoseconds), which may end early when there is news.
         */
        int awaitCreated(IntSupplier createdSooner, LongConsumer pause) {
            awaitDaemonized(launched(), out);
            return awaitSync(dir.syncFile(), 1, createdSooner, pause, SYNC_TIMEOUT, "create of container " + id).get(0);
        }

        /**
         * Kills the waiting conmon. Closing its start pipe would not do: conmon reads end-of-file
         * as "go" and would run {@code runc create} on a bundle that is not there.
         */
        void abandon() {
            Process conmon;
            try {
                conmon = launched();
            } catch (RuntimeException neverStarted) {
                return; // nothing to kill
            }
            conmon.destroyForcibly();
            try {
                conmon.waitFor(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Process launched() {
            try {
                return process.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new ContainerRuntimeException("cannot start conmon for " + id + ": " + e.getCause());
            } catch (TimeoutException e) {
                throw new ContainerRuntimeException("conmon for " + id + " did not start within " + SYNC_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted while starting conmon for " + id);
            }
        }
    }

    /**
     * Runs {@code /bin/sh -c 'exec "$@" <redirections>' sh conmon …}, conmon's own output to
     * {@code outFile}, and waits for the launching conmon to return (it forks the monitor
     * and exits).
     */
    void launch(List<String> conmonArgs, Path cwd, String redirections, Map<String, String> env, Path outFile) {
        Process p = spawn(conmonArgs, cwd, redirections, env, ProcessBuilder.Redirect.from(new File("/dev/null")), outFile);
        awaitDaemonized(p, outFile);
    }

    private Process spawn(List<String> conmonArgs, Path cwd, String redirections, Map<String, String> env,
            ProcessBuilder.Redirect stdin, Path outFile) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + redirections, "sh"));
        argv.addAll(conmonArgs);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(stdin);
        pb.redirectOutput(outFile.toFile());
        pb.redirectErrorStream(true);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
    }

    /** Waits for the conmon we started to fork its monitor and exit, as it does once it may go on. */
    private static void awaitDaemonized(Process p, Path outFile) {
        try {
            if (!p.waitFor(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ContainerRuntimeException("conmon did not daemonize within " + SYNC_TIMEOUT + ": " + read(outFile));
            }
            if (p.exitValue() != 0) {
                throw new ContainerRuntimeException("conmon failed (exit " + p.exitValue() + "): " + read(outFile));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while launching conmon");
        }
    }

    /**
     * Waits until the sync file holds {@code count} messages {@code {"data": n}} and
     * returns their values. A negative value is conmon reporting that runc failed.
     */
    static List<Integer> awaitSync(Path syncFile, int count, Duration timeout, String what) {
        return awaitSync(syncFile, count, () -> 0, Conmon::pause, timeout, what);
    }

    /**
     * As {@link #awaitSync(Path, int, Duration, String)}, or — if it comes first — the pid
     * {@code createdSooner} gives (positive), alone. It is asked with each look at the sync file,
     * every 0.1 ms while it answers {@link #SOON}; otherwise the looks are paced by
     * {@link #pollInterval} through {@code pause} (given the pause in nanoseconds), which may end
     * a pause early when there is news.
     */
    static List<Integer> awaitSync(Path syncFile, int count, IntSupplier createdSooner, LongConsumer pause,
            Duration timeout, String what) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (true) {
            List<JsonNode> messages = readSync(syncFile);
            for (JsonNode m : messages) {
                if (m.path("data").asInt() < 0) {
                    throw new ContainerRuntimeException(what + " failed: " + m.path("message").asText("conmon reported an error"));
                }
            }
            if (messages.size() >= count) {
                return messages.stream().map(m -> m.path("data").asInt()).toList();
            }
            int sooner = createdSooner.getAsInt();
            if (sooner > 0) {
                return List.of(sooner);
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerRuntimeException(what + ": conmon sent no answer within " + timeout);
            }
            if (sooner == SOON) {
                LockSupport.parkNanos(100_000);
            } else {
                pause.accept(TimeUnit.MILLISECONDS.toNanos(pollInterval(System.nanoTime() - started)));
            }
        }
    }

    /**
     * How long to wait before looking at a sync file again: conmon answers a create in about
     * 50 ms, so the first 100 ms are polled every millisecond (each poll is one failed stat)
     * to keep the answer's latency off the start path; longer waits (an exec's exit code) back
     * off so that they cost no CPU.
     */
    static long pollInterval(long waitedNanos) {
        if (waitedNanos < 100_000_000L) {
            return 1;
        }
        return waitedNanos < 2_000_000_000L ? 5 : 20;
    }

    static List<JsonNode> readSync(Path syncFile) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(syncFile)) {
                return out;
            }
            String text = Files.readString(syncFile, StandardCharsets.UTF_8);
            // Only complete lines: conmon may be half-way through writing the next message.
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return out;
            }
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(text.substring(0, end + 1))) {
                while (it.hasNext()) {
                    out.add(it.next());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read conmon sync file " + syncFile, e);
        }
    }

    /** Whether the pid in {@code pidFile} is a conmon for this container (pids get reused). */
    static boolean isAlive(Path pidFile, String id) {
        try {
            if (!Files.exists(pidFile)) {
                return false;
            }
            String pid = Files.readString(pidFile).strip();
            if (pid.isEmpty() || !UserSpec.isNumeric(pid)) {
                return false;
            }
            Path cmdline = Path.of("/proc", pid, "cmdline");
            if (!Files.exists(cmdline)) {
                return false;
            }
            List<String> argv = List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0"));
            int c = argv.indexOf("-c");
            return !argv.isEmpty() && argv.get(0).endsWith("conmon") && c >= 0 && c + 1 < argv.size()
                && argv.get(c + 1).equals(id);
        } catch (IOException e) {
            return false; // the process went away between the checks
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Sleeps {@code nanos} (whole milliseconds), as the sync file's pacing asks. */
    private static void pause(long nanos) {
        sleep(TimeUnit.NANOSECONDS.toMillis(nanos));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while waiting for conmon");
        }
    }
}
