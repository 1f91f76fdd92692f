package io.berth.engine.agent.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.runtime.LogQuery;
import io.berth.protocol.channel.ChannelFrame;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogStreamTest {

    @Test
    void sinceTakesRfc3339WithOrWithoutOffsetAndUnixSeconds() {
        assertThat(LogStream.since("2024-05-01T10:00:00Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(LogStream.since("2024-05-01T12:00:00.5+02:00")).isEqualTo(Instant.parse("2024-05-01T10:00:00.5Z"));
        assertThat(LogStream.since("1714557600")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(LogStream.since(null)).isNull();
        assertThatThrownBy(() -> LogStream.since("yesterday")).hasMessageContaining("invalid since 'yesterday'");
    }

    @Test
    void neitherStreamAskedMeansBoth() {
        LogQuery query = LogStream.query(new ChannelFrame.OpenLogs("s", "c", -1, null, true, false, false));
        assertThat(query.stdout()).isTrue();
        assertThat(query.stderr()).isTrue();
        assertThat(query.follow()).isTrue();
        LogQuery onlyErr = LogStream.query(new ChannelFrame.OpenLogs("s", "c", 5, null, false, false, true));
        assertThat(onlyErr.stdout()).isFalse();
        assertThat(onlyErr.tail()).isEqualTo(5);
    }

    @Test
    void theChannelIsAWebSocketUrlUnderTheControlPlane() {
        assertThat(AgentChannel.channelUri(URI.create("http://cp:8080/")))
                .isEqualTo(URI.create("ws://cp:8080/api/v1/agents/channel"));
        assertThat(AgentChannel.channelUri(URI.create("https://cp.example")))
                .isEqualTo(URI.create("wss://cp.example/api/v1/agents/channel"));
    }
}
