package io.berth.engine.snapshots;

import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.Manifest;
import io.berth.engine.layers.ExtractOptions;
import io.berth.engine.layers.ExtractionReport;
import io.berth.engine.layers.LayerExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Unpacks an image's layers into a {@link Snapshotter}, bottom first, each once per chain
 * id, in overlay mode (OCI whiteouts become overlay whiteouts), checking every layer's diff
 * id against the image config. The result is the chain id a container's snapshot is
 * prepared on.
 */
public final class ImageUnpacker {

    private final ContentProvider content;
    private final LayerExtractor extractor;
    private final Snapshotter snapshotter;

    public ImageUnpacker(ContentProvider content, LayerExtractor extractor, Snapshotter snapshotter) {
        this.content = content;
        this.extractor = extractor;
        this.snapshotter = snapshotter;
    }

    /** Unpacks what is missing and returns the top chain id (null for an image without layers). */
    public String unpack(Manifest manifest, ImageConfig config) throws IOException {
        List<Digest> diffIds = config.rootfs().diffIds();
        List<Descriptor> layers = manifest.layers();
        if (diffIds.size() != layers.size()) {
            throw new ImageFormatException("image config lists " + diffIds.size() + " diff ids but the manifest "
                    + layers.size() + " layers");
        }
        String parent = null;
        for (int i = 0; i < layers.size(); i++) {
            Digest diffId = diffIds.get(i);
            Descriptor layer = layers.get(i);
            String chainId = ChainIds.next(parent, diffId.toString());
            snapshotter.unpack(chainId, parent, dir -> {
                ExtractionReport report;
                try (InputStream blob = content.open(layer.digest())) {
                    report = extractor.extract(blob, dir, ExtractOptions.overlay());
                }
                if (!report.diffId().equals(diffId)) {
                    throw new ImageFormatException("layer " + layer.digest() + " unpacks to diff id " + report.diffId()
                            + " but the image config says " + diffId);
                }
            });
            parent = chainId;
        }
        return parent;
    }
}
