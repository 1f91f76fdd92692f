package io.berth.engine.layers;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** How a layer blob is compressed, told by its magic bytes rather than its media type. */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    private static final int MAGIC_LENGTH = 4;

    /** Detects the compression of {@code in} (which must support mark/reset) without consuming it. */
    public static Compression detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("compression detection needs a stream with mark/reset");
        }
        in.mark(MAGIC_LENGTH);
        byte[] magic = in.readNBytes(MAGIC_LENGTH);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** A stream of the uncompressed bytes of {@code in}. Closing it closes {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /** Detects and decompresses in one step. */
    public static Decompressed open(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 64 * 1024);
        Compression compression = detect(buffered);
        return new Decompressed(compression, compression.decompress(buffered));
    }

    /** A decompressed stream and the compression that was found. */
    public record Decompressed(Compression compression, InputStream stream) {
    }
}
