package io.berth.engine.agent.containers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per container id, held while the agent changes a container and sends the
 * reports of that change. It is what keeps one container's reports in order on the wire
 * when an instruction and the exit watcher act on it at once: the run's ContainerStarted
 * is sent before the watcher may send that run's ContainerExited.
 */
public final class ContainerLocks {

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ReentrantLock of(String containerId) {
        return locks.computeIfAbsent(containerId, id -> new ReentrantLock(true));
    }
}
