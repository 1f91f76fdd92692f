package io.berth.controlplane.containers;

/** A container's lifecycle state, in Docker's words. */
public enum ContainerState {
    /** Not in the log. */
    NONE,
    CREATED,
    RUNNING,
    EXITED,
    /** Removal requested, not yet confirmed by the host. */
    REMOVING,
    REMOVED;

    public String wire() {
        return name().toLowerCase();
    }

    public static ContainerState parse(String s) {
        for (ContainerState state : values()) {
            if (state.wire().equalsIgnoreCase(s)) {
                return state;
            }
        }
        throw new IllegalArgumentException(s);
    }
}
