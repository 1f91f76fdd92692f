package io.berth.engine.agent.instructions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageHistoryEntriesTest {

    @Test
    void clipsLongStepTextsSoTheImageEventStaysSmall() {
        String run = "/bin/sh -c " + "apt-get install -y x && ".repeat(500);
        String clipped = ImageHistoryEntries.clip(run);
        assertThat(clipped).hasSize(ImageHistoryEntries.MAX_TEXT).startsWith("/bin/sh -c apt-get").endsWith("…");
        assertThat(ImageHistoryEntries.clip("CMD [\"sh\"]")).isEqualTo("CMD [\"sh\"]");
        assertThat(ImageHistoryEntries.clip(null)).isNull();
    }
}
