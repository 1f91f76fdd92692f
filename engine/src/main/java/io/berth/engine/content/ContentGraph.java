package io.berth.engine.content;

import java.io.IOException;
import java.util.Set;

/**
 * What a blob references (a manifest its config and layers, an index its manifests).
 * Supplied by whoever understands the blobs' formats; the content store does not.
 */
@FunctionalInterface
public interface ContentGraph {

    /** The blobs {@code digest} references; empty for leaves such as layers. */
    Set<Digest> children(ContentProvider content, Digest digest) throws IOException;
}
