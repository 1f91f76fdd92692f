package io.berth.controlplane.agents;

import io.berth.engine.host.HostEngine;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.snapshots.SnapshotInfo;
import io.berth.engine.snapshots.SnapshotKind;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test agent leaves on the machine once its process is gone: containers (conmon keeps
 * them running on purpose, so they outlive agents) and their overlay mounts. Tests remove
 * them through the engine itself, so a test run leaves no container, mount or monitor behind.
 */
public final class HostLeftovers {

    private HostLeftovers() {
    }

    public static void removeAll(Path stateDir) {
        if (!Files.isDirectory(stateDir)) {
            return;
        }
        try (HostEngine engine = HostEngine.open(stateDir)) {
            for (ContainerStatus status : engine.runtime().list()) {
                try {
                    engine.remove(status.id(), true);
                } catch (Exception e) {
                    System.err.println("could not remove test container " + status.id() + ": " + e.getMessage());
                }
            }
            for (SnapshotInfo info : engine.snapshots().list()) {
                if (info.kind() != SnapshotKind.COMMITTED) {
                    engine.snapshots().remove(info.key());
                }
            }
        } catch (Exception e) {
            System.err.println("could not clean up the test host in " + stateDir + ": " + e.getMessage());
        }
    }
}
