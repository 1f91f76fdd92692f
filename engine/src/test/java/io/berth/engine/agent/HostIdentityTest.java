package io.berth.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostIdentityTest {

    @TempDir
    Path stateDir;

    @Test
    void theSameStateDirectoryKeepsTheSameId() {
        String first = HostIdentity.loadOrCreate(stateDir.resolve("agent"));
        String second = HostIdentity.loadOrCreate(stateDir.resolve("agent"));
        assertThat(first).startsWith("h-").isEqualTo(second);
    }

    @Test
    void anotherStateDirectoryIsAnotherHost() {
        assertThat(HostIdentity.loadOrCreate(stateDir.resolve("a")))
                .isNotEqualTo(HostIdentity.loadOrCreate(stateDir.resolve("b")));
    }

    @Test
    void aDamagedIdIsRefusedRatherThanReplaced() throws Exception {
        Files.writeString(stateDir.resolve(HostIdentity.FILE_NAME), "../../etc\n");
        assertThatThrownBy(() -> HostIdentity.loadOrCreate(stateDir)).hasMessageContaining("malformed");
        assertThat(Files.readString(stateDir.resolve(HostIdentity.FILE_NAME))).isEqualTo("../../etc\n");
    }
}
