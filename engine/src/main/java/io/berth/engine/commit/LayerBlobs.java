package io.berth.engine.commit;

import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.ContentWriter;
import io.berth.engine.content.Digest;
import io.berth.engine.content.Ingester;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.progress.ProgressListener;
import io.berth.engine.snapshots.LayerTarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Writes an upper directory into the content store as a layer blob, in one pass: the tar
 * is hashed for its diff id on its way into gzip, and the content writer hashes the
 * compressed bytes for the blob digest; a plain tar is hashed once, by the writer, since
 * its digest is both. Java's gzip header carries no time or name, so the
 * same directory gives the same blob.
 */
final class LayerBlobs {

    /** A stored layer: its descriptor (compressed digest and size) and its diff id. */
    record StoredLayer(Descriptor descriptor, Digest diffId) {
    }

    private LayerBlobs() {
    }

    static StoredLayer store(Path upper, Ingester content, boolean gzip, ProgressListener progress)
            throws IOException {
        try (ContentWriter writer = content.writer("commit-" + UUID.randomUUID())) {
            if (!gzip) {
                // A plain layer's blob is its tar: the writer's digest is the diff id too, and
                // hashing the tar a second time would be a third of the commit's time.
                // Buffered: the tar writer emits 10 KB records, each a write(2) on the blob file otherwise.
                try (OutputStream tar = new BufferedOutputStream(CloseShieldOutputStream.wrap(writer.stream()), 256 * 1024)) {
                    LayerTarWriter.write(upper, tar, progress);
                }
                ContentInfo blob = writer.commit(-1, null);
                return new StoredLayer(Descriptor.of(MediaTypes.OCI_LAYER, blob.digest(), blob.size()), blob.digest());
            }
            MessageDigest tarDigest = Digest.newMessageDigest();
            try (OutputStream compressed = new FastGzip(CloseShieldOutputStream.wrap(writer.stream()));
                 DigestOutputStream tar = new DigestOutputStream(compressed, tarDigest)) {
                LayerTarWriter.write(upper, tar, progress);
            }
            ContentInfo blob = writer.commit(-1, null);
            return new StoredLayer(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, blob.digest(), blob.size()), Digest.of(tarDigest));
        }
    }

    /** gzip at a speed-leaning level: a commit is on the user's path, and layers are compressed once. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
