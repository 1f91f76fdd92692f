package io.berth.engine.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts a created runc container the way {@code runc start} itself does, without paying
 * for a runc process (about 30 ms of Go start-up on the hot path of every run).
 *
 * <p>After {@code runc create}, the container's init process is blocked opening
 * {@code <runc root>/<id>/exec.fifo} for writing. {@code runc start} opens it for reading,
 * reads the byte init writes, and removes the fifo; init then execs the user's program, and
 * runc reports the container as running once the fifo is gone. This class does the same.
 * It only handles the plain case: when the fifo is missing, init is gone, or nothing was
 * read, it answers false and the caller falls back to {@code runc start}, which gives runc's
 * own error.
 */
final class ExecFifoStarter {

    private static final long OPEN_TIMEOUT_MILLIS = 2_000;
    /** How long an early start looks for the fifo: as long as conmon may take to report the create. */
    private static final long EARLY_WAIT_MILLIS = Conmon.SYNC_TIMEOUT.toMillis();
    private static final long FIFO_POLL_NANOS = 500_000;
    private static final ExecutorService OPENER = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "exec-fifo-opener");
        thread.setDaemon(true);
        return thread;
    });

    private final Path runcRoot;

    ExecFifoStarter(Path runcRoot) {
        this.runcRoot = runcRoot;
    }

    /** True if the container's init was released; false if the caller should use runc start. */
    boolean start(String id, int initPid) {
        Path fifo = runcRoot.resolve(id).resolve("exec.fifo");
        if (initPid <= 0 || !Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) || !Files.exists(Path.of("/proc/" + initPid))) {
            return false;
        }
        // Opening a fifo for reading blocks until a writer opens it: init normally already
        // waits there, but if it died in between, unblock ourselves by opening the write end.
        Future<byte[]> read = OPENER.submit(() -> {
            try (InputStream in = Files.newInputStream(fifo, StandardOpenOption.READ)) {
                return in.readAllBytes();
            }
        });
        byte[] data;
        try {
            data = read.get(OPEN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            unblock(fifo);
            read.cancel(true);
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (data.length == 0) {
            return false;
        }
        removeFifo(fifo);
        return true;
    }

    /** As {@code runc start} does once init was let go: runc then reports the container running. */
    private static void removeFifo(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw new ContainerRuntimeException("started " + fifo.getParent().getFileName() + " but could not remove "
                    + fifo + ": " + e.getMessage());
        }
    }

    /** Whether runc has state for a container {@code id}. */
    boolean holds(String id) {
        return Files.exists(runcRoot.resolve(id), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Starts a container whose {@code runc create} has just been launched, as soon as its init
     * waits on the exec fifo: {@code runc run}'s own order, which lets the program run while
     * {@code runc create} and its monitor are still finishing and reporting. The fifo is opened
     * for reading and writing, which never blocks on a fifo: init's open for writing then finds
     * a reader at once, writes its one byte and execs the program.
     */
    EarlyStart startEarly(String id) {
        Path fifo = runcRoot.resolve(id).resolve("exec.fifo");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EARLY_WAIT_MILLIS);
        Future<Boolean> started = OPENER.submit(() -> {
            while (!Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(FIFO_POLL_NANOS);
            }
            // Interruptible: cancelling the start closes the channel and ends a read nobody will answer.
            try (FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return channel.read(ByteBuffer.allocate(1)) == 1;
            }
        });
        return new EarlyStart(fifo, started);
    }

    /** A start waiting for init; {@link #await()} once the create is reported, or {@link #cancel()}. */
    static final class EarlyStart {
        private final Path fifo;
        private final Future<Boolean> started;

        private EarlyStart(Path fifo, Future<Boolean> started) {
            this.fifo = fifo;
            this.started = started;
        }

        /**
         * True once init was let go, and the fifo removed as {@code runc start} removes it (runc
         * then reports the container running); false if init never asked, for the caller to try
         * {@code runc start} and get runc's own error.
         */
        boolean await() {
            boolean released;
            try {
                released = started.get(OPEN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                cancel();
                return false;
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                return false;
            }
            if (!released) {
                return false;
            }
            removeFifo(fifo);
            return true;
        }

        /** Waits at most {@code nanos} for init to be let go (or for the early start to give up). */
        void awaitReleased(long nanos) {
            if (started.isDone()) {
                LockSupport.parkNanos(nanos); // it gave up: nothing to wake the caller early
                return;
            }
            try {
                started.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // not yet, or it never will: the caller looks at what it waits for again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException("interrupted while waiting for container init");
            }
        }

        /** Whether init was let go already; never waits. */
        boolean released() {
            if (!started.isDone() || started.isCancelled()) {
                return false;
            }
            try {
                return started.get();
            } catch (ExecutionException | InterruptedException e) {
                return false;
            }
        }

        /** The create failed: stop waiting for an init that will not come. */
        void cancel() {
            started.cancel(true);
        }
    }

    private static void unblock(Path fifo) {
        try (var out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
            out.flush();
        } catch (IOException | RuntimeException ignored) {
            // the reader is gone already
        }
    }
}
