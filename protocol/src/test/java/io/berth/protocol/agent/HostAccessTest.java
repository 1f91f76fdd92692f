package io.berth.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.protocol.agent.HostAccess.BindMount;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAccessTest {

    @Test
    void bindsInDockersSyntax() {
        assertThat(BindMount.parse("/srv/data:/data")).isEqualTo(new BindMount("/srv/data", "/data", false));
        assertThat(BindMount.parse("/srv/data:/data:ro")).isEqualTo(new BindMount("/srv/data", "/data", true));
        assertThat(BindMount.parse("/srv/data:/data:rw").readOnly()).isFalse();
        assertThat(BindMount.parse("/srv/data:/data:ro")).hasToString("/srv/data:/data:ro");
    }

    @Test
    void relativeEscapingOrMalformedBindsAreRefused() {
        assertThatThrownBy(() -> BindMount.parse("data:/data")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> BindMount.parse("/srv:data")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> BindMount.parse("/srv/../etc:/data")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> BindMount.parse("/srv:/data/../../x")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> BindMount.parse("/srv:/")).hasMessageContaining("root");
        assertThatThrownBy(() -> BindMount.parse("/srv:/./")).hasMessageContaining("root");
        assertThatThrownBy(() -> BindMount.parse("/srv:/data:rx")).hasMessageContaining("ro or rw");
        assertThatThrownBy(() -> BindMount.parse("/srv")).hasMessageContaining("/host/path:/container/path");
        assertThatThrownBy(() -> BindMount.parse("/a,b:/data")).hasMessageContaining("','");
    }

    @Test
    void capabilitiesAreNormalizedAndUnknownOnesRefused() {
        assertThat(HostAccess.capability("net_admin")).isEqualTo("CAP_NET_ADMIN");
        assertThat(HostAccess.capability("CAP_SYS_PTRACE")).isEqualTo("CAP_SYS_PTRACE");
        assertThat(HostAccess.capability("all")).isEqualTo("ALL");
        assertThatThrownBy(() -> HostAccess.capability("SYS_EVERYTHING")).hasMessageContaining("unknown capability");
        assertThat(HostAccess.CAPABILITIES).hasSize(41).doesNotHaveDuplicates();
    }

    @Test
    void dangerousOptionsNameEverythingButCapDrop() {
        assertThat(HostAccess.NONE.dangerousOptions()).isEmpty();
        assertThat(new HostAccess(false, null, List.of("NET_RAW"), null, null, null).dangerousOptions()).isEmpty();
        assertThat(new HostAccess(true, List.of("CAP_NET_ADMIN"), List.of("MKNOD"),
                List.of(new BindMount("/srv", "/data", true)), "host", "host").dangerousOptions())
                .containsExactly("privileged", "capAdd=CAP_NET_ADMIN", "bind=/srv:/data:ro", "network=host",
                        "pid=host");
    }

    @Test
    void specsWithoutHostAccessReadAsNone() throws Exception {
        var json = AgentCodec.json();
        ContainerRunSpec old = json.readValue("{\"cmd\":[\"true\"],\"restartPolicy\":\"no\"}", ContainerRunSpec.class);
        assertThat(old.hostAccess()).isEqualTo(HostAccess.NONE);
        ContainerRunSpec spec = ContainerRunSpec.command(List.of("true")).withHostAccess(
                new HostAccess(false, List.of("NET_ADMIN"), null, List.of(new BindMount("/srv", "/d", false)), "host",
                        null));
        assertThat(json.readValue(json.writeValueAsString(spec), ContainerRunSpec.class)).isEqualTo(spec);
    }
}
