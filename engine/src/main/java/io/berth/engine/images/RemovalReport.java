package io.berth.engine.images;

import io.berth.engine.content.Digest;
import java.util.List;

/**
 * What a removal did, as Docker reports it: the names untagged, and the image id when no
 * name points at it any more. The blobs themselves go at the next garbage collection.
 */
public record RemovalReport(List<ImageReference> untagged, Digest deleted) {
}
