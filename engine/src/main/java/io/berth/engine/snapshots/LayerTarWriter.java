package io.berth.engine.snapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import io.berth.engine.progress.Progress;
import io.berth.engine.progress.ProgressListener;
import java.io.InputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Writes an overlay upper directory as an OCI layer tar (uncompressed): the inverse of
 * unpacking a layer in overlay mode.
 *
 * <ul>
 *   <li>An overlay whiteout (0/0 character device) {@code d/name} becomes an empty file
 *       {@code d/.wh.name}; an opaque directory is followed at once by {@code d/.wh..wh..opq},
 *       before its children, as the image spec recommends.</li>
 *   <li>Permission bits (with setuid, setgid, sticky), numeric owner and group (names
 *       left empty), modification time in whole seconds, symlinks, fifos and device nodes
 *       are kept; sockets are skipped, as Docker does; files with several links inside
 *       the directory become one file and hard-link entries to it.</li>
 *   <li>Extended attributes go into PAX {@code SCHILY.xattr.<name>} records, except
 *       overlayfs's own {@code trusted.overlay.*}. Their values are binary
 *       ({@code security.capability}), and commons-compress encodes PAX values as UTF-8
 *       strings, so this class writes the PAX header itself with raw bytes (as Go's
 *       archive/tar does) and hands commons-compress a header that needs no PAX of its own.</li>
 *   <li>Entries come in a fixed order (parents first, siblings by name) with no
 *       timestamps of the writing itself, so the same directory gives the same bytes, and
 *       the same diff id.</li>
 * </ul>
 */
public final class LayerTarWriter {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** ustar's name and linkname fields hold 100 bytes; commons-compress wants under 100. */
    private static final int USTAR_NAME_LIMIT = 99;

    private LayerTarWriter() {
    }

    /** What was written: entries, and the bytes of file content (before tar framing). */
    public record Summary(long entries, long contentBytes) {
    }

    /** Phase names of a commit's layer as {@link Progress} reports them. */
    public static final String DIFFING = "diffing";
    public static final String WRITING_LAYER = "writing layer";

    /** Writes {@code upper} as a tar to {@code out}, finishing the tar but leaving {@code out} open. */
    public static Summary write(Path upper, OutputStream out) throws IOException {
        return write(upper, out, ProgressListener.NONE);
    }

    /**
     * As {@link #write(Path, OutputStream)}, telling {@code progress} first that the directory is
     * being diffed (walked), then how many of its files and content bytes are written.
     */
    public static Summary write(Path upper, OutputStream out, ProgressListener progress) throws IOException {
        progress.progressed(new Progress(DIFFING, 0, Progress.UNKNOWN, 0, -1));
        List<UpperDirWalk.Entry> walked = UpperDirWalk.walk(upper);
        long contentTotal = walked.stream().filter(e -> e.stat().type() == FileStat.Type.REGULAR)
                .mapToLong(e -> e.stat().size()).sum();
        progress.progressed(new Progress(DIFFING, 0, contentTotal, walked.size(), walked.size()));
        // hard links are written once, so the bytes written may end below the total: never above it
        var written = new LayerProgress(progress, contentTotal, walked.size());
        TarArchiveOutputStream tar = new TarArchiveOutputStream(CloseShieldOutputStream.wrap(out), "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_ERROR); // long names go in our own PAX header
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
        Map<List<Long>, String> firstLinkOf = new HashMap<>();
        long entries = 0;
        long bytes = 0;
        for (UpperDirWalk.Entry entry : walked) {
            written.nextEntry();
            FileStat stat = entry.stat();
            String name = entry.relativePath();
            if (stat.isWhiteout()) {
                put(tar, marker(whiteoutName(name), stat), Map.of());
                tar.closeArchiveEntry();
                entries++;
                continue;
            }
            if (stat.type() == FileStat.Type.SOCKET) {
                continue;
            }
            Map<String, byte[]> xattrs = xattrs(entry.path());
            if (stat.type() == FileStat.Type.REGULAR && stat.nlink() > 1) {
                List<Long> inode = List.of(stat.dev(), stat.ino());
                String first = firstLinkOf.putIfAbsent(inode, name);
                if (first != null) {
                    TarArchiveEntry link = header(name, TarConstants.LF_LINK, stat);
                    link.setLinkName(first);
                    put(tar, link, xattrs);
                    tar.closeArchiveEntry();
                    entries++;
                    continue;
                }
            }
            TarArchiveEntry header = header(stat.isDirectory() ? name + "/" : name, typeFlag(stat), stat);
            switch (stat.type()) {
                case SYMLINK -> header.setLinkName(Files.readSymbolicLink(entry.path()).toString());
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    header.setDevMajor(stat.major());
                    header.setDevMinor(stat.minor());
                }
                case REGULAR -> header.setSize(stat.size());
                default -> { }
            }
            put(tar, header, xattrs);
            entries++;
            if (stat.type() == FileStat.Type.REGULAR) {
                long copied = copy(entry.path(), tar, written);
                if (copied != stat.size()) {
                    throw new IOException(entry.path() + " changed size while being committed ("
                            + stat.size() + " then " + copied + " bytes)");
                }
                bytes += copied;
            }
            tar.closeArchiveEntry();
            if (entry.opaque()) {
                put(tar, marker(name + "/" + OPAQUE_MARKER, stat), Map.of());
                tar.closeArchiveEntry();
                entries++;
            }
        }
        tar.finish();
        tar.flush();
        written.finished();
        return new Summary(entries, bytes);
    }

    /** Copies a file's content into the tar, telling {@code written} after each buffer. */
    private static long copy(Path file, OutputStream tar, LayerProgress written) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                tar.write(buffer, 0, n);
                copied += n;
                written.bytes(n);
            }
        }
        return copied;
    }

    /** Counts what the layer has written so far for the listener. */
    private static final class LayerProgress {
        private final ProgressListener listener;
        private final long bytesTotal;
        private final int entriesTotal;
        private long bytesDone;
        private int entriesDone;

        LayerProgress(ProgressListener listener, long bytesTotal, int entriesTotal) {
            this.listener = listener;
            this.bytesTotal = bytesTotal;
            this.entriesTotal = entriesTotal;
        }

        void nextEntry() {
            tell();
            entriesDone++;
        }

        void bytes(int n) {
            bytesDone = Math.min(bytesTotal, bytesDone + n);
            tell();
        }

        void finished() {
            bytesDone = bytesTotal;
            tell();
        }

        private void tell() {
            listener.progressed(new Progress(WRITING_LAYER, bytesDone, bytesTotal, entriesDone, entriesTotal));
        }
    }

    private static String whiteoutName(String rel) {
        int slash = rel.lastIndexOf('/');
        return rel.substring(0, slash + 1) + WHITEOUT_PREFIX + rel.substring(slash + 1);
    }

    /** A whiteout or opaque marker: an empty file owned by root, mode 0, with the marked file's time. */
    private static TarArchiveEntry marker(String name, FileStat stat) {
        TarArchiveEntry marker = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        marker.setMode(0);
        marker.setIds(0, 0);
        marker.setModTime(stat.modified().toMillis() / 1000 * 1000);
        return marker;
    }

    private static TarArchiveEntry header(String name, byte typeFlag, FileStat stat) {
        TarArchiveEntry header = new TarArchiveEntry(name, typeFlag, true);
        header.setMode(stat.permissions());
        header.setIds(stat.uid(), stat.gid());
        header.setUserName("");
        header.setGroupName("");
        header.setModTime(stat.modified().toMillis() / 1000 * 1000);
        return header;
    }

    private static byte typeFlag(FileStat stat) {
        return switch (stat.type()) {
            case REGULAR -> TarConstants.LF_NORMAL;
            case DIRECTORY -> TarConstants.LF_DIR;
            case SYMLINK -> TarConstants.LF_SYMLINK;
            case CHAR_DEVICE -> TarConstants.LF_CHR;
            case BLOCK_DEVICE -> TarConstants.LF_BLK;
            case FIFO -> TarConstants.LF_FIFO;
            case SOCKET -> throw new IllegalArgumentException("sockets have no tar entry");
        };
    }

    private static Map<String, byte[]> xattrs(Path path) throws IOException {
        Map<String, byte[]> xattrs = new LinkedHashMap<>();
        for (String name : LinuxCalls.listXattrs(path.toString()).stream().sorted().toList()) {
            if (name.startsWith(OverlayFiles.OVERLAY_XATTR_PREFIX)) {
                continue;
            }
            Optional<byte[]> value = LinuxCalls.getXattr(path.toString(), name);
            value.ifPresent(v -> xattrs.put(name, v));
        }
        return xattrs;
    }

    /**
     * Opens {@code header} (the caller writes its content and closes it), preceded by a PAX header of our own when the name or link name
     * is too long for ustar or there are xattrs; the ustar fields then hold truncated names
     * that readers replace with the PAX {@code path} and {@code linkpath}.
     */
    private static void put(TarArchiveOutputStream tar, TarArchiveEntry header, Map<String, byte[]> xattrs)
            throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        String name = header.getName();
        if (utf8Length(name) > USTAR_NAME_LIMIT) {
            records.put("path", name.getBytes(StandardCharsets.UTF_8));
            header.setName(truncate(name));
        }
        String linkName = header.getLinkName();
        if (linkName != null && utf8Length(linkName) > USTAR_NAME_LIMIT) {
            records.put("linkpath", linkName.getBytes(StandardCharsets.UTF_8));
            header.setLinkName(truncate(linkName));
        }
        xattrs.forEach((key, value) -> records.put("SCHILY.xattr." + key, value));
        if (!records.isEmpty()) {
            byte[] body = PaxRecords.encode(records);
            TarArchiveEntry pax = new TarArchiveEntry(truncate("PaxHeaders/" + lastComponent(name)),
                    TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
            pax.setSize(body.length);
            pax.setModTime(0);
            tar.putArchiveEntry(pax);
            tar.write(body);
            tar.closeArchiveEntry();
        }
        tar.putArchiveEntry(header);
    }

    private static String lastComponent(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String truncate(String text) {
        String cut = text;
        while (utf8Length(cut) > USTAR_NAME_LIMIT) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut;
    }
}
