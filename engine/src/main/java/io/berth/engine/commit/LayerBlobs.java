package io.berth.engine.commit;

import io.berth.engine.content.ContentInfo;
import io.berth.engine.content.ContentWriter;
import io.berth.engine.content.Digest;
import io.berth.engine.content.Ingester;
import io.berth.engine.images.Descriptor;
import io.berth.engine.images.MediaTypes;
import io.berth.engine.progress.ProgressListener;
import io.berth.engine.snapshots.LayerTarWriter;
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
 * compressed bytes for the blob digest. Java's gzip header carries no time or name, so the
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
        MessageDigest tarDigest = Digest.newMessageDigest();
        try (ContentWriter writer = content.writer("commit-" + UUID.randomUUID())) {
            if (gzip) {
                try (OutputStream compressed = new FastGzip(CloseShieldOutputStream.wrap(writer.stream()));
                     DigestOutputStream tar = new DigestOutputStream(compressed, tarDigest)) {
                    LayerTarWriter.write(upper, tar, progress);
                }
            } else {
                try (DigestOutputStream tar = new DigestOutputStream(CloseShieldOutputStream.wrap(writer.stream()), tarDigest)) {
                    LayerTarWriter.write(upper, tar, progress);
                }
            }
            ContentInfo blob = writer.commit(-1, null);
            String mediaType = gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
            return new StoredLayer(Descriptor.of(mediaType, blob.digest(), blob.size()), Digest.of(tarDigest));
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
