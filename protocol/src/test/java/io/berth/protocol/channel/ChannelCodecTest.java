package io.berth.protocol.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.protocol.agent.UnreadableMessageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelCodecTest {

    @Test
    void framesRoundTripWithTheirTypeName() {
        ChannelFrame open = new ChannelFrame.OpenExec("s1", "c1", List.of("sh"), List.of(), null, null, true, 24, 80);
        String text = ChannelCodec.encode(open);
        assertThat(text).contains("\"type\":\"exec.open\"");
        assertThat(ChannelCodec.decode(text)).isEqualTo(open);
        ChannelFrame line = new ChannelFrame.LogLine("s2", "stderr", "2026-01-01T00:00:00Z", "oops");
        assertThat(ChannelCodec.decode(ChannelCodec.encode(line))).isEqualTo(line);
    }

    @Test
    void diffFramesCarryTheirChanges() {
        ChannelFrame diff = new ChannelFrame.Diff("s3", List.of(new ChannelFrame.PathChange("/tmp", "changed"),
                new ChannelFrame.PathChange("/tmp/new", "added")));
        String text = ChannelCodec.encode(diff);
        assertThat(text).contains("\"type\":\"diff\"").contains("\"kind\":\"added\"");
        assertThat(ChannelCodec.decode(text)).isEqualTo(diff);
        ChannelFrame open = new ChannelFrame.OpenDiff("s4", "c1");
        assertThat(ChannelCodec.decode(ChannelCodec.encode(open))).isEqualTo(open);
    }

    @Test
    void refusesUnknownFrameTypes() {
        assertThatThrownBy(() -> ChannelCodec.decode("{\"type\":\"teleport\",\"sessionId\":\"x\"}"))
                .isInstanceOf(UnreadableMessageException.class);
    }
}
