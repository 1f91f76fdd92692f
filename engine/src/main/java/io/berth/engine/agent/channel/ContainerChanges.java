package io.berth.engine.agent.channel;

import io.berth.engine.snapshots.Change;
import java.io.IOException;
import java.util.List;

/** Where a diff session reads a container's changes: the engine's {@code HostEngine::diff}. */
@FunctionalInterface
public interface ContainerChanges {

    /** @throws io.berth.engine.runtime.NoSuchContainerException when the container is not on this host */
    List<Change> of(String containerId) throws IOException;
}
