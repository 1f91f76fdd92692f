package io.berth.engine.layers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A {@link TarArchiveInputStream} that also keeps each entry's local PAX header records
 * as raw bytes ({@link #paxRecords()}).
 *
 * <p>commons-compress decodes PAX values as UTF-8 strings, which replaces the bytes of a
 * binary xattr such as {@code security.capability} that are not valid UTF-8. It reads the
 * PAX header's body through this stream's own {@code read} while the current entry is
 * the PAX header, inside {@code getNextEntry} (which it calls again for the entry the
 * header describes); so copying what is read then, and only then, yields the body
 * exactly, without a second tar parser. {@code SafeLayerExtractorPreservationTest} pins this
 * behaviour of the commons-compress version in use. Global ({@code g}) headers are not
 * captured: their values reach {@link TarArchiveEntry#getExtraPaxHeaders()} only.
 */
final class RawPaxTarInputStream extends TarArchiveInputStream {

    private final ByteArrayOutputStream paxBody = new ByteArrayOutputStream();
    private int depth;
    private Map<String, byte[]> records = Map.of();

    RawPaxTarInputStream(InputStream in) {
        super(in, StandardCharsets.UTF_8.name());
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        if (depth == 0) {
            paxBody.reset();
            records = Map.of();
        }
        depth++;
        TarArchiveEntry entry;
        try {
            entry = super.getNextEntry();
        } finally {
            depth--;
        }
        if (depth == 0 && paxBody.size() > 0) {
            records = PaxHeaderParser.parse(paxBody.toByteArray());
        }
        return entry;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        TarArchiveEntry current = getCurrentEntry();
        if (depth > 0 && read > 0 && current != null && current.isPaxHeader()) {
            paxBody.write(buffer, offset, read);
        }
        return read;
    }

    /** The local PAX records of the entry {@link #getNextEntry()} last returned, values as raw bytes. */
    Map<String, byte[]> paxRecords() {
        return records;
    }
}
