package io.berth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.controlplane.api.NotFound;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final long GB = 1L << 30;
    private static final HostLoad A = new HostLoad("a", Map.of("region", "us"), true, null, 3, 8 * GB);
    private static final HostLoad B = new HostLoad("b", Map.of("region", "eu"), true, null, 1, 2 * GB);
    private static final HostLoad C = new HostLoad("c", Map.of("region", "eu"), true, null, 1, 6 * GB);
    private static final Set<String> EVERYWHERE = Set.of("a", "b", "c");

    private static PlacementRequest request(String host, Map<String, String> constraints, long memory) {
        return new PlacementRequest(host, constraints, EVERYWHERE, memory);
    }

    @Test
    void aNamedHostIsUsedAsIs() {
        assertThat(Placement.choose(request("a", Map.of(), 0), List.of(A, B, C)).hostId()).isEqualTo("a");
    }

    @Test
    void anUnknownNamedHostIsNotFound() {
        assertThatThrownBy(() -> Placement.choose(request("zz", Map.of(), 0), List.of(A, B)))
                .isInstanceOf(NotFound.class).hasMessageContaining("zz");
    }

    @Test
    void withoutConstraintsTheFewestRunningThenMostFreeMemoryWins() {
        assertThat(Placement.choose(request(null, Map.of(), 0), List.of(A, B, C)).hostId()).isEqualTo("c");
    }

    @Test
    void constraintsFilterByLabel() {
        assertThat(Placement.choose(request(null, Map.of("region", "us"), 0), List.of(A, B, C)).hostId())
                .isEqualTo("a");
    }

    @Test
    void drainedAndLostHostsAreExcludedAndTheRefusalSaysWhy() {
        var drained = new HostLoad("b", Map.of("region", "eu"), false, "drained", 0, 8 * GB);
        var lost = new HostLoad("c", Map.of("region", "eu"), false, "lost", 0, 8 * GB);
        assertThat(Placement.choose(request(null, Map.of(), 0), List.of(A, drained, lost)).hostId()).isEqualTo("a");
        assertThatThrownBy(() -> Placement.choose(request(null, Map.of("region", "eu"), 0), List.of(A, drained, lost)))
                .isInstanceOf(PlacementRefused.class).hasMessageContaining("b: drained").hasMessageContaining("c: lost")
                .hasMessageContaining("a: label region=eu not present");
        assertThatThrownBy(() -> Placement.choose(request("b", Map.of(), 0), List.of(A, drained)))
                .isInstanceOf(PlacementRefused.class).hasMessageContaining("drained");
    }

    @Test
    void hostsWithoutTheImageOrTheMemoryAreExcluded() {
        var onlyA = new PlacementRequest(null, Map.of(), Set.of("a"), 0);
        assertThat(Placement.choose(onlyA, List.of(A, B, C)).hostId()).isEqualTo("a");
        assertThat(Placement.choose(request(null, Map.of(), 4 * GB), List.of(B, C)).hostId()).isEqualTo("c");
        assertThatThrownBy(() -> Placement.choose(request(null, Map.of(), 16 * GB), List.of(A, B, C)))
                .isInstanceOf(PlacementRefused.class).hasMessageContaining("memory");
    }

    @Test
    void anEmptyFleetIsRefused() {
        assertThatThrownBy(() -> Placement.choose(request(null, Map.of(), 0), List.of()))
                .isInstanceOf(PlacementRefused.class).hasMessageContaining("no hosts");
    }
}
