package io.berth.engine.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** The read role of a {@link ContentStore}: committed blobs by digest. */
public interface ContentProvider {

    /** Information on a committed blob, or empty when the store does not hold it. */
    Optional<ContentInfo> info(Digest digest) throws IOException;

    default boolean exists(Digest digest) throws IOException {
        return info(digest).isPresent();
    }

    /**
     * Opens a committed blob for reading from its start.
     *
     * @throws ContentNotFoundException when the blob is absent
     */
    InputStream open(Digest digest) throws IOException;

    /** Reads a whole blob; meant for small ones (manifests, configs, indexes). */
    default byte[] readAll(Digest digest) throws IOException {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        }
    }
}
