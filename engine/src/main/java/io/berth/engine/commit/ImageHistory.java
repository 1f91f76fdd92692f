package io.berth.engine.commit;

import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.HistoryEntry;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.ImageInspection;
import io.berth.engine.images.ImageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code docker history}: an image's steps, newest first, each with its layer.
 *
 * <p>History entries marked {@code empty_layer} have no layer; the others take the layers
 * in order, bottom first. Layers left over when the history is shorter (images built by
 * tools that write no history) get rows without a command; a history naming more layers
 * than the image has is refused as malformed. Sizes are those of the stored blobs
 * (compressed), which is what the content store knows without reading every layer;
 * Docker prints uncompressed sizes.
 */
public final class ImageHistory {

    private final ImageStore images;

    public ImageHistory(ImageStore images) {
        this.images = images;
    }

    public List<HistoryRow> of(String nameOrId) throws IOException {
        ImageInspection image = images.inspect(nameOrId);
        return rows(image.id(), image.config().history(), image.config().rootfs().diffIds(), image.manifest().layers());
    }

    /** The rows for a config's history and layers, newest first; pure, for testing. */
    static List<HistoryRow> rows(Digest imageId, List<HistoryEntry> history, List<Digest> diffIds,
                                 List<Descriptor> layers) throws ImageFormatException {
        if (diffIds.size() != layers.size()) {
            throw new ImageFormatException("image " + imageId + " has " + diffIds.size() + " diff ids but "
                    + layers.size() + " layers in its manifest");
        }
        long withLayer = history.stream().filter(h -> !h.isEmptyLayer()).count();
        if (withLayer > diffIds.size()) {
            throw new ImageFormatException("image " + imageId + " history has " + withLayer
                    + " steps with a layer but the image has only " + diffIds.size() + " layers");
        }
        List<HistoryRow> rows = new ArrayList<>();
        int layer = 0;
        for (HistoryEntry entry : history) {
            if (entry.isEmptyLayer()) {
                rows.add(new HistoryRow(null, entry.created(), entry.createdBy(), entry.author(), entry.comment(),
                        0, true, null));
            } else {
                rows.add(new HistoryRow(null, entry.created(), entry.createdBy(), entry.author(), entry.comment(),
                        layers.get(layer).size(), false, diffIds.get(layer)));
                layer++;
            }
        }
        for (; layer < diffIds.size(); layer++) {
            rows.add(new HistoryRow(null, null, "", null, null, layers.get(layer).size(), false, diffIds.get(layer)));
        }
        Collections.reverse(rows);
        if (!rows.isEmpty()) {
            HistoryRow top = rows.get(0);
            rows.set(0, new HistoryRow(imageId, top.created(), top.createdBy(), top.author(), top.comment(),
                    top.size(), top.emptyLayer(), top.diffId()));
        }
        return rows;
    }
}
