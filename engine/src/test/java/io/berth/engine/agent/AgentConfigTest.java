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
}
