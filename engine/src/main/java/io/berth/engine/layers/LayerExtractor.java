package io.berth.engine.layers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Unpacks one image layer (a tar, plain, gzip or zstd, detected from its first bytes)
 * into a directory, never writing outside it.
 *
 * <p>Lifecycle: the caller creates {@code target} (empty for {@link WhiteoutMode#OVERLAY},
 * holding the lower layers for {@link WhiteoutMode#FLATTENED}), calls {@link #extract}
 * once per layer, and checks the returned diff id against the image config. The stream is
 * read to its end and not closed.
 *
 * <p>Refused with {@link LayerRejectedException}, before anything escapes the target:
 * paths that leave it ({@code ..}, absolute paths, a parent that is a symlink pointing
 * out); hard links to outside or to nothing in the layer; malformed whiteouts
 * ({@code .wh.}, {@code .wh..}, {@code .wh...}) and whiteouts under a symlink; duplicate
 * entries; character and block devices; more bytes or entries than the limits allow.
 * A refused extraction may leave partial content inside the target; the caller removes it.
 *
 * <p>Preserved: file types (files, directories, symlinks, hard links, fifos), permission
 * bits including setuid, setgid and sticky, numeric owner and group, modification times
 * and extended attributes (PAX {@code SCHILY.xattr.*}). Ownership, modes and times are
 * set without following symlinks.
 */
public interface LayerExtractor {

    ExtractionReport extract(InputStream layer, Path target, ExtractOptions options) throws IOException;
}
