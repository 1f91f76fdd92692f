package io.berth.engine.agent.containers;

import io.berth.protocol.agent.ContainerInstructions.RunContainer;

/**
 * What this agent was last told about one container: how it was defined, the image id it
 * was resolved to, whether it should run, and whether a removal was asked for. The agent
 * reconciles the host against these after a restart: it knows what it was told.
 *
 * @param running  started by run, start or restart; false after stop, kill or an own exit
 * @param removing a remove was asked for and may not have finished
 */
public record ContainerIntent(RunContainer definition, String imageId, boolean running, boolean removing) {

    public String containerId() {
        return definition.containerId();
    }

    public String name() {
        return definition.name();
    }

    public boolean autoRemove() {
        return definition.spec() != null && definition.spec().autoRemove();
    }

    public ContainerIntent withRunning(boolean shouldRun) {
        return new ContainerIntent(definition, imageId, shouldRun, removing);
    }

    public ContainerIntent toRemove() {
        return new ContainerIntent(definition, imageId, false, true);
    }
}
