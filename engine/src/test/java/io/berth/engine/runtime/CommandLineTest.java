package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's Entrypoint/Cmd rules, case by case. */
class CommandLineTest {
    private static final List<String> EP = List.of("/entry.sh");
    private static final List<String> CMD = List.of("serve", "--port", "80");

    @Test
    void imageEntrypointPlusImageCmd() {
        assertThat(CommandLine.merge(EP, CMD, null, null).argv()).containsExactly("/entry.sh", "serve", "--port", "80");
    }

    @Test
    void runArgumentsReplaceTheImageCmdButKeepTheEntrypoint() {
        assertThat(CommandLine.merge(EP, CMD, null, List.of("debug")).argv()).containsExactly("/entry.sh", "debug");
    }

    @Test
    void emptyRunArgumentsKeepTheImageCmd() {
        assertThat(CommandLine.merge(EP, CMD, null, List.of()).argv()).containsExactly("/entry.sh", "serve", "--port", "80");
    }

    @Test
    void runEntrypointDropsTheImageCmd() {
        assertThat(CommandLine.merge(EP, CMD, List.of("/bin/sh"), null).argv()).containsExactly("/bin/sh");
    }

    @Test
    void runEntrypointWithRunArguments() {
        assertThat(CommandLine.merge(EP, CMD, List.of("/bin/sh", "-c"), List.of("echo hi")).argv())
            .containsExactly("/bin/sh", "-c", "echo hi");
    }

    @Test
    void emptyRunEntrypointClearsTheImageEntrypoint() {
        CommandLine c = CommandLine.merge(EP, CMD, List.of(), List.of("ls", "-l"));
        assertThat(c.entrypoint()).isEmpty();
        assertThat(c.argv()).containsExactly("ls", "-l");
    }

    @Test
    void imageWithOnlyCmd() {
        assertThat(CommandLine.merge(null, List.of("/bin/sh"), null, null).argv()).containsExactly("/bin/sh");
        assertThat(CommandLine.merge(List.of(), List.of("/bin/sh"), null, List.of("top")).argv()).containsExactly("top");
    }

    @Test
    void nothingToRunIsRefused() {
        assertThatThrownBy(() -> CommandLine.merge(null, null, null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command specified");
        assertThatThrownBy(() -> CommandLine.merge(EP, CMD, List.of(), null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command specified");
    }
}
