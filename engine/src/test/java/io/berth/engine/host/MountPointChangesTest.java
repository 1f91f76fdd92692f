package io.berth.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.runtime.OciSpecBuilder;
import io.berth.engine.snapshots.Change;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountPointChangesTest {

    private static List<String> filtered(String... changes) {
        List<Change> parsed = Arrays.stream(changes).map(c -> new Change(switch (c.charAt(0)) {
            case 'A' -> Change.Kind.ADDED;
            case 'C' -> Change.Kind.CHANGED;
            default -> Change.Kind.DELETED;
        }, c.substring(2))).toList();
        return MountPointChanges.withoutRuntimeMounts(parsed, OciSpecBuilder.MOUNT_POINTS).stream()
                .map(Change::toString).toList();
    }

    @Test
    void mountPointsTheRuntimeMadeAndTheirOtherwiseUnchangedParentsAreNotChanges() {
        assertThat(filtered("A /dev", "C /etc", "A /etc/hostname", "A /etc/hosts", "A /proc", "A /sys"))
                .isEmpty();
    }

    @Test
    void theContainersOwnChangesNextToMountPointsStay() {
        assertThat(filtered("A /dev", "C /etc", "A /etc/added", "D /etc/group", "A /etc/hosts", "C /etc/passwd",
                "A /proc", "A /srv", "A /srv/data"))
                .containsExactly("C /etc", "A /etc/added", "D /etc/group", "C /etc/passwd", "A /srv", "A /srv/data");
    }

    @Test
    void aMountPointTheImageHadIsTheContainersChangeWhenChanged() {
        // /etc/hosts existed in the image and the container replaced it: C, as docker shows it
        assertThat(filtered("C /etc", "C /etc/hosts", "A /proc")).containsExactly("C /etc", "C /etc/hosts");
        // a deleted mount point is the container's doing too
        assertThat(filtered("D /proc")).containsExactly("D /proc");
    }
}
