package io.berth.engine.images.archive;

import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.Manifest;
import io.berth.engine.layers.Compression;
import io.berth.engine.progress.Progress;
import io.berth.engine.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;

/** Checks that each layer, uncompressed, has the diff id the image config claims for it. */
final class LayerDiffIds {

    private LayerDiffIds() {
    }

    static Digest diffIdOf(ContentProvider content, Digest blob) throws IOException {
        MessageDigest hash = Digest.newMessageDigest();
        try (InputStream raw = content.open(blob)) {
            Compression.Decompressed plain = Compression.open(raw);
            plain.stream().transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), hash));
        }
        return Digest.of(hash);
    }

    /** Checks the layers in order, telling {@code progress} how many layers (and their bytes) passed. */
    static void verify(ContentProvider content, Manifest manifest, ImageConfig config, String image,
            ProgressListener progress) throws IOException {
        List<Descriptor> layers = manifest.layers();
        List<Digest> diffIds = config.rootfs().diffIds();
        if (layers.size() != diffIds.size()) {
            throw new ImageFormatException("image " + image + ": manifest has " + layers.size()
                    + " layers but the config lists " + diffIds.size() + " diff_ids");
        }
        long bytesTotal = layers.stream().mapToLong(Descriptor::size).sum();
        long bytesDone = 0;
        progress.progressed(new Progress(ArchiveImporter.VERIFYING_LAYERS, 0, bytesTotal, 0, layers.size()));
        for (int i = 0; i < layers.size(); i++) {
            Digest actual = diffIdOf(content, layers.get(i).digest());
            if (!actual.equals(diffIds.get(i))) {
                throw new ImageFormatException("image " + image + ": layer " + i + " (" + layers.get(i).digest()
                        + ") uncompresses to " + actual + " but the config's diff_id is " + diffIds.get(i));
            }
            bytesDone += layers.get(i).size();
            progress.progressed(new Progress(ArchiveImporter.VERIFYING_LAYERS, bytesDone, bytesTotal, i + 1,
                    layers.size()));
        }
    }
}
