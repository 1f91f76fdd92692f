package io.berth.engine.layers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes read and refuses to go past a cap: the defence against decompression bombs. */
final class CappedInputStream extends FilterInputStream {
    private final long cap;
    private long count;

    CappedInputStream(InputStream in, long cap) {
        super(in);
        this.cap = cap;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // read rather than skip, so that skipped bytes are counted and hashed too
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    private void add(long n) throws LayerRejectedException {
        count += n;
        if (count > cap) {
            throw new LayerRejectedException("(stream)", "uncompressed layer is larger than the limit of " + cap + " bytes");
        }
    }
}
