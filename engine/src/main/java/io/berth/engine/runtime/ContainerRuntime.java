package io.berth.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs containers on this host from a root filesystem directory and a {@link ContainerSpec}.
 *
 * <h2>Lifecycle</h2>
 * <pre>
 *   create ──► CREATED ──start──► RUNNING ──(process ends, stop, kill)──► EXITED ──remove──► REMOVED
 *                                   ▲  │ exec (extra processes)            │
 *                                   │  └───────────────────────────────────┤
 *                                   └──── start again, or the restart ─────┘
 *                                         policy after an exit
 * </pre>
 * <ul>
 *   <li><b>create</b> writes the container's OCI bundle ({@code config.json} with the
 *       isolation defaults) and has the runtime set up its namespaces and cgroup; the
 *       container's process exists but has not run its program yet.</li>
 *   <li><b>start</b> runs the program. Starting an EXITED container runs it again from
 *       the same bundle and rootfs; its log continues.</li>
 *   <li><b>stop</b> sends the stop signal (the spec's, the image's, or SIGTERM), waits up
 *       to the timeout, then sends SIGKILL. <b>kill</b> sends any signal. Both count as
 *       "stopped by the user": the restart policy leaves such a container exited.</li>
 *   <li>When the process ends the container is EXITED with its exit code and whether
 *       the kernel OOM-killed it. A restart policy may then start it again.</li>
 *   <li><b>remove</b> deletes the container and its bundle and log; it refuses a
 *       container that is not exited unless forced (then it is killed first).</li>
 *   <li><b>exec</b> runs an extra process in a RUNNING container.</li>
 * </ul>
 * The host keeps containers, not this object: each is watched by its own monitor
 * process, so containers and their logs outlive the engine process. A new runtime over
 * the same state directory finds them again. Unknown ids raise
 * {@link NoSuchContainerException}; bad input an {@link IllegalArgumentException};
 * an operation the container's state does not allow an {@link IllegalStateException};
 * failures of the host's tools a {@link ContainerRuntimeException}.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Creates a container over {@code rootfs} (a directory, e.g. an overlay mount the snapshotter made). */
    default ContainerStatus create(ContainerSpec spec, Path rootfs) {
        try {
            return create(spec, () -> rootfs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates a container over the directory {@code rootfs} prepares. The runtime asks for it
     * once it has started what it can without it (its monitor process), so that the two overlap
     * on the start path. If preparing fails, its exception is thrown and nothing is left behind.
     */
    ContainerStatus create(ContainerSpec spec, RootfsSource rootfs) throws IOException;

    /** Prepares a container's root filesystem, e.g. mounts its overlay snapshot. */
    @FunctionalInterface
    interface RootfsSource {
        Path prepare() throws IOException;
    }

    /**
     * Creates and starts a container ({@code docker run}): what {@link #create(ContainerSpec, RootfsSource)}
     * then {@link #start(String)} do, which a runtime may overlap. If the start fails the
     * container stays CREATED, as after a create and a failed start.
     */
    default ContainerStatus run(ContainerSpec spec, RootfsSource rootfs) throws IOException {
        ContainerStatus created = create(spec, rootfs);
        return start(created.id());
    }

    /** Starts a CREATED or EXITED container. */
    ContainerStatus start(String id);

    /** Stop signal, then SIGKILL after {@code timeout}; returns once the container is EXITED. */
    ContainerStatus stop(String id, Duration timeout);

    /** Sends a signal (name such as {@code HUP}/{@code SIGHUP}, or number) to the container's process. */
    void kill(String id, String signal);

    /**
     * Removes an EXITED or CREATED container; {@code force} kills a running one first.
     * Returns its last status, REMOVED, with the exit code of its last run.
     */
    ContainerStatus remove(String id, boolean force);

    /** The container's current state. */
    ContainerStatus state(String id);

    /** All containers this runtime holds, in id order. */
    List<ContainerStatus> list();

    /** Waits up to {@code timeout} for the container to be EXITED; empty if it still runs. */
    Optional<ContainerStatus> waitForExit(String id, Duration timeout);

    /** The container's stdout and stderr lines; see {@link ContainerLogs} for following. */
    ContainerLogs logs(String id, LogQuery query);

    /** Runs a process in a running container to completion, capturing stdout and stderr separately. */
    ExecResult exec(String id, ExecSpec exec);

    /** Starts an interactive process (with a tty if the spec asks) whose streams the caller drives. */
    ExecSession execInteractive(String id, ExecSpec exec);

    /**
     * Tells {@code listener} about the changes the runtime makes on its own, which no caller
     * of this object would otherwise learn of: a container's process ended (an EXITED status,
     * whoever caused it — including a {@link #stop}) and the restart policy started it again
     * (a RUNNING status with a new {@code startedAt}). The status is the container's as of
     * that change. Calls come from the runtime's own thread, in order per container, and must
     * return quickly. Exits that happened while no runtime watched are not replayed: compare
     * {@link #list()} with what you knew instead.
     */
    void addChangeListener(Consumer<ContainerStatus> listener);

    /** Stops watching containers. Containers keep running. */
    @Override
    void close();
}
