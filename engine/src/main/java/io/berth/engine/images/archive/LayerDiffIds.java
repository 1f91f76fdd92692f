package io.berth.engine.images.archive;

import io.berth.engine.content.ContentProvider;
import io.berth.engine.content.Digest;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageConfig;
import io.berth.engine.images.ImageFormatException;
import io.berth.engine.images.Manifest;
import io.berth.engine.layers.Compression;
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

    static void verify(ContentProvider content, Manifest manifest, ImageConfig config, String image) throws IOException {
        List<Descriptor> layers = manifest.layers();
        List<Digest> diffIds = config.rootfs().diffIds();
        if (layers.size() != diffIds.size()) {
            throw new ImageFormatException("image " + image + ": manifest has " + layers.size()
                    + " layers but the config lists " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < layers.size(); i++) {
            Digest actual = diffIdOf(content, layers.get(i).digest());
            if (!actual.equals(diffIds.get(i))) {
                throw new ImageFormatException("image " + image + ": layer " + i + " (" + layers.get(i).digest()
                        + ") uncompresses to " + actual + " but the config's diff_id is " + diffIds.get(i));
            }
        }
    }
}
