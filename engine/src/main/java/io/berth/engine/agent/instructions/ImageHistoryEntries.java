package io.berth.engine.agent.instructions;

import io.berth.engine.commit.HistoryRow;
import io.berth.engine.commit.ImageHistory;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageStore;
import io.berth.protocol.images.ImageHistoryEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An image's history steps with their layers, oldest first, as reported with {@code ImageStored}:
 * {@link ImageHistory} pairs config history with diff ids (empty-layer steps, layers without a
 * step); the manifest's layer at the same position gives the blob digest and size.
 */
final class ImageHistoryEntries {

    private ImageHistoryEntries() {
    }

    static List<ImageHistoryEntry> of(ImageStore images, String imageId) throws IOException {
        List<HistoryRow> newestFirst = new ImageHistory(images).of(imageId);
        List<Descriptor> layers = images.inspect(imageId).manifest().layers();
        List<ImageHistoryEntry> entries = new ArrayList<>();
        int layer = 0;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            HistoryRow row = newestFirst.get(i);
            if (row.emptyLayer()) {
                entries.add(new ImageHistoryEntry(row.created(), row.createdBy(), row.author(), row.comment(), true,
                        null, null, 0));
            } else {
                Descriptor blob = layers.get(layer++);
                entries.add(new ImageHistoryEntry(row.created(), row.createdBy(), row.author(), row.comment(), false,
                        blob.digest().toString(), row.diffId().toString(), blob.size()));
            }
        }
        return entries;
    }
}
