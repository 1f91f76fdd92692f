package io.berth.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a host program (runc, the conmon launcher) to completion, with a time limit, capturing its output. */
final class HostCommand {
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            String err = stderr.strip();
            return "exit " + exitCode + (err.isEmpty() ? "" : ": " + err);
        }
    }

    private HostCommand() {
    }

    static Result run(List<String> argv, Path cwd, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ContainerRuntimeException(String.join(" ", argv.subList(0, Math.min(argv.size(), 6)))
                    + "… did not finish within " + timeout);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while running " + argv.get(0));
        }
    }

    /**
     * Own threads, not the common pool: a drain blocks for as long as the program runs, and
     * on a 2-core host the common pool has one thread — stderr would wait for stdout to
     * end while the program waits for someone to empty its full stderr pipe.
     */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "berth-host-command-output");
        t.setDaemon(true);
        return t;
    });

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, DRAINS);
    }
}
