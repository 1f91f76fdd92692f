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

    /**
     * Longest created-by or comment kept: a step's text is the user's (a Dockerfile RUN can be
     * pages long), and the event carrying all steps must stay far below the event store's size
     * limit, or the report would be refused on every redelivery.
     */
    static final int MAX_TEXT = 2000;

    private ImageHistoryEntries() {
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    static List<ImageHistoryEntry> of(ImageStore images, String imageId) throws IOException {
        List<HistoryRow> newestFirst = new ImageHistory(images).of(imageId);
        List<Descriptor> layers = images.inspect(imageId).manifest().layers();
        List<ImageHistoryEntry> entries = new ArrayList<>();
        int layer = 0;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            HistoryRow row = newestFirst.get(i);
            Descriptor blob = row.emptyLayer() ? null : layers.get(layer++);
            entries.add(new ImageHistoryEntry(row.created(), clip(row.createdBy()), clip(row.author()),
                    clip(row.comment()), row.emptyLayer(), blob == null ? null : blob.digest().toString(),
                    blob == null ? null : row.diffId().toString(), blob == null ? 0 : blob.size()));
        }
        return entries;
    }
}
