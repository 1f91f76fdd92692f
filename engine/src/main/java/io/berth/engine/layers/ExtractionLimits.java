package io.berth.engine.layers;

/**
 * Caps on what one layer may unpack to, against decompression bombs: uncompressed tar
 * bytes (headers included) and number of entries.
 */
public record ExtractionLimits(long maxBytes, long maxEntries) {

    /** 32 GiB and one million entries: far above real images, far below a full disk. */
    public static final ExtractionLimits DEFAULT = new ExtractionLimits(32L << 30, 1_000_000);

    public ExtractionLimits {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("extraction limits must be positive: " + maxBytes + " bytes, " + maxEntries + " entries");
        }
    }
}
