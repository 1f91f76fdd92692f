package io.berth.engine.content;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One ingest in progress, obtained from {@link Ingester#writer(String)}. Bytes go to a
 * temporary file, hashed on the way. {@link #commit} verifies and publishes the blob;
 * {@link #close()} without commit discards it. A writer is used by one thread.
 */
public interface ContentWriter extends AutoCloseable {

    /** Where to write the blob's bytes. Closing this stream does not commit. */
    OutputStream stream();

    /** Bytes written so far. */
    long written();

    /** The digest of the bytes written so far. */
    Digest digest();

    /**
     * Verifies and publishes the blob under its digest with an atomic rename.
     *
     * @param expectedSize   the size the blob must have, or -1 when unknown
     * @param expectedDigest the digest the blob must have, or null when unknown
     * @return the committed blob; if the store already held it, the existing one
     * @throws ContentVerificationException when size or digest differ; nothing is committed
     */
    ContentInfo commit(long expectedSize, Digest expectedDigest) throws IOException;

    /** Discards an uncommitted ingest and releases its ref; after a commit, does nothing. */
    @Override
    void close() throws IOException;
}
