package io.berth.engine.content;

import java.io.IOException;
import java.util.List;

/** The management role of a {@link ContentStore}: enumerate and delete committed blobs. */
public interface ContentManager {

    /** Every committed blob, in digest order. Ingests in progress are not listed. */
    List<ContentInfo> list() throws IOException;

    /**
     * Removes a committed blob. Readers that already opened it keep reading it.
     *
     * @throws ContentNotFoundException when the blob is absent
     */
    void delete(Digest digest) throws IOException;
}
