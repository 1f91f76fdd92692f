package io.berth.engine.runtime;

import java.util.List;

/**
 * How far a container reaches into its host beyond Docker's isolation defaults. {@link #NONE}
 * is the default: Docker's capabilities, seccomp, masked paths, own namespaces and no binds.
 *
 * @param privileged  every capability and host device, no seccomp, no masked or read-only paths
 * @param capAdd      capabilities added to the defaults ({@code NET_ADMIN} or {@code CAP_NET_ADMIN}, {@code ALL})
 * @param capDrop     capabilities removed from the defaults, or {@code ALL}
 * @param hostNetwork no network namespace: the host's interfaces and ports
 * @param hostPid     no pid namespace: the host's processes are visible and signalable
 */
public record Privileges(boolean privileged, List<String> capAdd, List<String> capDrop, List<BindMount> binds,
                         boolean hostNetwork, boolean hostPid) {

    public static final Privileges NONE = new Privileges(false, List.of(), List.of(), List.of(), false, false);

    public Privileges {
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        binds = binds == null ? List.of() : List.copyOf(binds);
        capAdd.forEach(Capabilities::normalize);
        capDrop.forEach(Capabilities::normalize);
    }

    /** The bounding, effective and permitted capability set; "every" capability is every one {@code available}. */
    public List<String> capabilities(List<String> defaults, List<String> available) {
        return Capabilities.effective(privileged, defaults, capAdd, capDrop, available);
    }
}
