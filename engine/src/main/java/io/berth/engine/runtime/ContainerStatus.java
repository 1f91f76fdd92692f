package io.berth.engine.runtime;

import java.time.Instant;

/**
 * What the runtime knows about a container right now.
 *
 * @param pid          the process's host pid while created or running, else 0
 * @param exitCode     once exited: the code (128 + n after signal n), -1 if the monitor was lost; else null
 * @param oomKilled    whether the kernel's OOM killer ended the process
 * @param restartCount how many times the restart policy restarted it
 * @param stoppedByUser whether the last exit was asked for by stop or kill
 */
public record ContainerStatus(String id, ContainerState state, int pid, Integer exitCode, boolean oomKilled,
                              int restartCount, boolean stoppedByUser, Instant createdAt, Instant startedAt,
                              Instant finishedAt) {
    public boolean isRunning() {
        return state == ContainerState.RUNNING;
    }
}
