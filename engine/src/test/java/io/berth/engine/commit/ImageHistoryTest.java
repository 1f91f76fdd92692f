package io.berth.engine.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.HistoryEntry;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.MediaTypes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageHistoryTest {

    static final Digest IMAGE = Digest.of("image".getBytes());
    static final Digest D0 = Digest.of("layer 0".getBytes());
    static final Digest D1 = Digest.of("layer 1".getBytes());
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant T1 = Instant.parse("2024-02-01T00:00:00Z");

    static Descriptor blob(String name, long size) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.of(name.getBytes()), size);
    }

    @Test
    void emptyLayerStepsTakeNoLayerAndNewestComesFirst() throws Exception {
        List<HistoryEntry> history = List.of(
                new HistoryEntry(T0, "ADD rootfs /", null, null, null),
                new HistoryEntry(T0, "CMD [\"sh\"]", null, null, true),
                new HistoryEntry(T1, "/bin/sh -c touch /x", "ann", "added x", false));
        List<HistoryRow> rows = ImageHistory.rows(IMAGE, history, List.of(D0, D1),
                List.of(blob("b0", 100), blob("b1", 7)));
        assertThat(rows).extracting(HistoryRow::createdBy)
                .containsExactly("/bin/sh -c touch /x", "CMD [\"sh\"]", "ADD rootfs /");
        assertThat(rows.get(0)).isEqualTo(new HistoryRow(IMAGE, T1, "/bin/sh -c touch /x", "ann", "added x", 7, false, D1));
        assertThat(rows.get(1).emptyLayer()).isTrue();
        assertThat(rows.get(1).size()).isZero();
        assertThat(rows.get(1).imageId()).isNull();
        assertThat(rows.get(2).diffId()).isEqualTo(D0);
        assertThat(rows.get(2).size()).isEqualTo(100);
    }

    @Test
    void layersWithoutHistoryStillGetRows() throws Exception {
        List<HistoryRow> rows = ImageHistory.rows(IMAGE, List.of(), List.of(D0, D1), List.of(blob("b0", 1), blob("b1", 2)));
        assertThat(rows).extracting(HistoryRow::diffId).containsExactly(D1, D0);
        assertThat(rows.get(0).imageId()).isEqualTo(IMAGE);
    }

    @Test
    void refusesHistoryNamingMoreLayersThanTheImageHas() {
        List<HistoryEntry> history = List.of(new HistoryEntry(T0, "a", null, null, null),
                new HistoryEntry(T0, "b", null, null, null));
        assertThatThrownBy(() -> ImageHistory.rows(IMAGE, history, List.of(D0), List.of(blob("b0", 1))))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("2 steps with a layer")
                .hasMessageContaining("only 1 layers");
        assertThatThrownBy(() -> ImageHistory.rows(IMAGE, List.of(), List.of(D0, D1), List.of(blob("b0", 1))))
                .hasMessageContaining("2 diff ids but 1 layers");
    }
}
