package io.berth.engine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        AgentConfig config = AgentConfig.from(name -> null);
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/berth/agent"));
        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(config.healthPort()).isEqualTo(8081);
        assertThat(config.labels()).isEmpty();
    }

    @Test
    void readsLabelsInOrder() {
        AgentConfig config = AgentConfig.from(Map.of(AgentConfig.LABELS, "region=eu, disk=ssd,gpu")::get);
        assertThat(config.labels()).containsExactly(Map.entry("region", "eu"), Map.entry("disk", "ssd"),
                Map.entry("gpu", ""));
    }

    @Test
    void refusesADuplicateOrEmptyLabelKey() {
        assertThatThrownBy(() -> AgentConfig.parseLabels("a=1,a=2")).hasMessageContaining("names label 'a' twice");
        assertThatThrownBy(() -> AgentConfig.parseLabels("=x")).hasMessageContaining("invalid label key");
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> AgentConfig.parsePort("70000")).hasMessageContaining("BERTH_AGENT_HEALTH_PORT");
        assertThatThrownBy(() -> AgentConfig.parsePort("http")).hasMessageContaining("'http'");
    }

    @Test
    void fleetSettingsHaveDefaultsAndAreRead() {
        AgentConfig defaults = AgentConfig.from(name -> null);
        assertThat(defaults.controlPlaneUrl()).isEqualTo(java.net.URI.create("http://127.0.0.1:8080"));
        assertThat(defaults.enrollmentToken()).isNull();
        assertThat(defaults.name()).isNotBlank();
        assertThat(defaults.heartbeatInterval()).isEqualTo(java.time.Duration.ofSeconds(2));

        AgentConfig set = AgentConfig.from(Map.of(AgentConfig.CONTROL_PLANE_URL, "https://cp.example:8443/",
                AgentConfig.ENROLLMENT_TOKEN, " s3cret ", AgentConfig.NAME, "rack-7", AgentConfig.HEARTBEAT_SECONDS, "0.5")::get);
        assertThat(set.controlPlaneUrl()).isEqualTo(java.net.URI.create("https://cp.example:8443"));
        assertThat(set.enrollmentToken()).isEqualTo("s3cret");
        assertThat(set.name()).isEqualTo("rack-7");
        assertThat(set.heartbeatInterval()).isEqualTo(java.time.Duration.ofMillis(500));
    }

    @Test
    void refusesABadControlPlaneUrlOrHeartbeat() {
        assertThatThrownBy(() -> AgentConfig.parseUrl("cp:8080")).hasMessageContaining("BERTH_AGENT_CONTROL_PLANE_URL");
        assertThatThrownBy(() -> AgentConfig.parseSeconds("0")).hasMessageContaining("BERTH_AGENT_HEARTBEAT_SECONDS");
        assertThatThrownBy(() -> AgentConfig.parseSeconds("soon")).hasMessageContaining("'soon'");
    }
}
