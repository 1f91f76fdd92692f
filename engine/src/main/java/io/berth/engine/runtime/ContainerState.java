package io.berth.engine.runtime;

/** Where a container is in its lifecycle; see {@link ContainerRuntime}. */
public enum ContainerState {
    /** The bundle exists and runc created the container; its process waits for {@code start}. */
    CREATED,
    /** The process runs. */
    RUNNING,
    /** The process ended; its exit code (and OOM kill) are recorded. */
    EXITED,
    /** Deleted with its bundle and log: the last status {@code remove} returns; {@code state(id)} then throws {@link NoSuchContainerException}. */
    REMOVED
}
