package io.berth.engine.content;

import java.io.IOException;
import java.io.InputStream;

/**
 * The write role of a {@link ContentStore}. Every blob enters through an ingest that is
 * verified before it becomes visible.
 */
public interface Ingester {

    /**
     * Starts an ingest named by {@code ref}, a caller-chosen key such as
     * {@code "pull-docker.io/library/busybox-layer-0"}. One ref has at most one writer at a
     * time, so two pulls of the same layer do not interleave.
     *
     * @throws ContentException when another writer holds {@code ref}
     */
    ContentWriter writer(String ref) throws IOException;

    /** Copies a whole stream into the store, verifying it, and commits. */
    default ContentInfo ingest(String ref, InputStream in, long expectedSize, Digest expectedDigest) throws IOException {
        try (ContentWriter writer = writer(ref)) {
            in.transferTo(writer.stream());
            return writer.commit(expectedSize, expectedDigest);
        }
    }

    /** Stores bytes under their own digest. */
    default ContentInfo ingest(byte[] content) throws IOException {
        Digest digest = Digest.of(content);
        return ingest("bytes-" + digest.hex(), new java.io.ByteArrayInputStream(content), content.length, digest);
    }
}
