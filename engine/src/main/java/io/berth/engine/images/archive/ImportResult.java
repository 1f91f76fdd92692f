package io.berth.engine.images.archive;

import io.berth.engine.images.Descriptor;
import io.berth.engine.images.ImageRecord;
import java.util.List;

/**
 * What an import stored: the named images, and manifests the archive gave no usable name
 * (their content is in the store until the next garbage collection unless tagged).
 */
public record ImportResult(List<ImageRecord> images, List<Descriptor> unnamed) {
}
