package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's capability arithmetic (moby's TweakCapabilities). */
class CapabilitiesTest {
    private static final List<String> DEFAULTS = OciSpecBuilder.DEFAULT_CAPABILITIES;

    @Test
    void namesAreNormalizedAndUnknownOnesRefused() {
        assertThat(Capabilities.normalize("net_admin")).isEqualTo("CAP_NET_ADMIN");
        assertThat(Capabilities.normalize("CAP_SYS_PTRACE")).isEqualTo("CAP_SYS_PTRACE");
        assertThat(Capabilities.normalize("all")).isEqualTo("ALL");
        assertThat(Capabilities.ALL).hasSize(41).doesNotHaveDuplicates().containsAll(DEFAULTS);
    }

    @Test
    void addThenDropAgainstTheDefaults() {
        assertThat(Capabilities.effective(false, DEFAULTS, List.of(), List.of(), Capabilities.ALL)).isEqualTo(DEFAULTS);
        assertThat(Capabilities.effective(false, DEFAULTS, List.of("NET_ADMIN"), List.of("MKNOD"), Capabilities.ALL))
            .contains("CAP_NET_ADMIN").doesNotContain("CAP_MKNOD").hasSize(DEFAULTS.size());
        // dropping and adding the same one keeps it, as in Docker
        assertThat(Capabilities.effective(false, DEFAULTS, List.of("CHOWN"), List.of("CHOWN"), Capabilities.ALL)).contains("CAP_CHOWN");
    }

    @Test
    void allInAddOrDrop() {
        assertThat(Capabilities.effective(false, DEFAULTS, List.of("ALL"), List.of("SYS_ADMIN"), Capabilities.ALL))
            .hasSize(40).doesNotContain("CAP_SYS_ADMIN");
        assertThat(Capabilities.effective(false, DEFAULTS, List.of("NET_BIND_SERVICE"), List.of("ALL"), Capabilities.ALL))
            .containsExactly("CAP_NET_BIND_SERVICE");
        assertThat(Capabilities.effective(true, DEFAULTS, List.of(), List.of("ALL"), Capabilities.ALL)).isEqualTo(Capabilities.ALL);
        // "every" is every one the engine has
        assertThat(Capabilities.effective(true, DEFAULTS, List.of(), List.of(), List.of("CAP_CHOWN", "CAP_BPF")))
            .containsExactly("CAP_CHOWN", "CAP_BPF");
        assertThat(Capabilities.fromMask(0xa80425fbL)).containsExactlyInAnyOrderElementsOf(DEFAULTS);
    }
}
