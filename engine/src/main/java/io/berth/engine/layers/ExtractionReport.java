package io.berth.engine.layers;

import io.berth.engine.content.Digest;

/**
 * What an extraction read: the diff id (sha256 of the uncompressed tar, to check against
 * the image config), the compression found, uncompressed bytes and entries.
 */
public record ExtractionReport(Digest diffId, Compression compression, long uncompressedBytes, long entries) {
}
