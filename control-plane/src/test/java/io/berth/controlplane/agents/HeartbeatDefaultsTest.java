package io.berth.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.protocol.agent.HostReports.Heartbeat;
import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The control plane judges a host's silence, and the report pipe's gaps, in multiples of the
 * interval it expects agents to beat at. With defaults that disagreed (agents every 5 s, the
 * control plane expecting 2 s) every beat looked like the pipe coming back after a gap, and no
 * host of a default deployment was ever marked lost.
 */
class HeartbeatDefaultsTest {

    @Test
    void theControlPlaneExpectsTheIntervalAgentsBeatAtByDefault() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = HeartbeatDefaultsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String configured = properties.getProperty("berth.agents.heartbeat-interval");
        Matcher fallback = Pattern.compile("\\$\\{[A-Z_]+:(\\d+)s}").matcher(configured);
        assertThat(fallback.matches()).as("a default in seconds: %s", configured).isTrue();
        assertThat(Duration.ofSeconds(Long.parseLong(fallback.group(1)))).isEqualTo(Heartbeat.DEFAULT_INTERVAL);
    }
}
