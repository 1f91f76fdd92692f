package io.berth.engine.layers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds layer tars in memory, including the malicious ones real tar tools would not write. */
public final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;
    private Instant mtime = Instant.parse("2024-01-02T03:04:05Z");

    public TarBuilder() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarBuilder mtime(Instant time) {
        this.mtime = time;
        return this;
    }

    public TarBuilder dir(String name) {
        return dir(name, 0755, 0, 0);
    }

    public TarBuilder dir(String name, int mode, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        return add(entry, mode, uid, gid, null, Map.of());
    }

    public TarBuilder file(String name, String content) {
        return file(name, content, 0644, 0, 0, Map.of());
    }

    public TarBuilder file(String name, String content, int mode, int uid, int gid, Map<String, String> xattrs) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        return add(entry, mode, uid, gid, content.getBytes(StandardCharsets.UTF_8), xattrs);
    }

    public TarBuilder bigFile(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        entry.setMode(0644);
        entry.setModTime(FileTime.from(mtime));
        try {
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[64 * 1024];
            for (long left = size; left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public TarBuilder symlink(String name, String target) {
        return symlink(name, target, 0, 0);
    }

    public TarBuilder symlink(String name, String target, int uid, int gid) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        return add(entry, 0777, uid, gid, null, Map.of());
    }

    public TarBuilder hardlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        return add(entry, 0644, 0, 0, null, Map.of());
    }

    public TarBuilder special(String name, byte type) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        return add(entry, 0644, 0, 0, null, Map.of());
    }

    /**
     * Writes a PAX extended header ({@code x}) with {@code body} as is, for the entry added
     * next: commons-compress would encode values as UTF-8, this keeps binary values exact.
     */
    public TarBuilder paxHeader(String name, byte[] body) {
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        pax.setSize(body.length);
        pax.setModTime(FileTime.from(mtime));
        try {
            tar.putArchiveEntry(pax);
            tar.write(body);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private TarBuilder add(TarArchiveEntry entry, int mode, int uid, int gid, byte[] content, Map<String, String> xattrs) {
        entry.setMode(mode);
        entry.setUserId(uid);
        entry.setGroupId(gid);
        entry.setModTime(FileTime.from(mtime));
        xattrs.forEach((k, v) -> entry.addPaxHeader("SCHILY.xattr." + k, v));
        if (content != null) {
            entry.setSize(content.length);
        }
        try {
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] build() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] zstd(byte[] plain) {
        return com.github.luben.zstd.Zstd.compress(plain);
    }
}
