package io.berth.engine.layers;

import io.berth.engine.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The {@link LayerExtractor} of Berth: every file is created with *at calls relative to a
 * parent directory resolved by {@link RootedDirectory}, so no path in the tar, and no
 * symlink created by an earlier entry, can make it write outside the target.
 *
 * <p>Directory modification times are set once all entries are written, since creating
 * children changes them.
 */
public final class SafeLayerExtractor implements LayerExtractor {

    private static final String XATTR_PREFIX = "SCHILY.xattr.";
    private static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";
    private static final String OVERLAY_OPAQUE = "trusted.overlay.opaque";

    @Override
    public ExtractionReport extract(InputStream layer, Path target, ExtractOptions options) throws IOException {
        Compression.Decompressed decompressed = Compression.open(layer);
        MessageDigest diffId = Digest.newMessageDigest();
        CappedInputStream capped = new CappedInputStream(
                new DigestInputStream(decompressed.stream(), diffId), options.limits().maxBytes());
        Run run;
        try (RootedDirectory root = RootedDirectory.open(target)) {
            run = new Run(root, options);
            RawPaxTarInputStream tar = new RawPaxTarInputStream(capped);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                run.entries++;
                if (run.entries > options.limits().maxEntries()) {
                    throw new LayerRejectedException(entry.getName(), "layer has more than the limit of "
                            + options.limits().maxEntries() + " entries");
                }
                if (entry.getSize() > options.limits().maxBytes() - capped.count()) {
                    throw new LayerRejectedException(entry.getName(), "entry of " + entry.getSize()
                            + " bytes would exceed the limit of " + options.limits().maxBytes() + " uncompressed bytes");
                }
                run.paxRecords = tar.paxRecords();
                run.apply(entry, tar);
            }
            // the diff id covers the whole tar, end-of-archive blocks and padding included
            capped.transferTo(OutputStream.nullOutputStream());
            run.finishDirectoryTimes();
        }
        return new ExtractionReport(Digest.of(diffId), decompressed.compression(), capped.count(), run.entries);
    }

    /** The state of one extraction. */
    private static final class Run {
        private final RootedDirectory root;
        private final ExtractOptions options;
        private final Set<String> written = new HashSet<>();
        private final List<DirectoryTime> directoryTimes = new ArrayList<>();
        long entries;
        /** The current entry's PAX records with raw values: xattr values are binary. */
        Map<String, byte[]> paxRecords = Map.of();

        Run(RootedDirectory root, ExtractOptions options) {
            this.root = root;
            this.options = options;
        }

        void apply(TarArchiveEntry entry, InputStream data) throws IOException {
            String name = entry.getName();
            LayerPath path = LayerPath.clean(name, name);
            if (!written.add(path.toString())) {
                throw new LayerRejectedException(name, "duplicate entry for \"" + path + "\"");
            }
            if (path.isRoot()) {
                if (!entry.isDirectory()) {
                    throw new LayerRejectedException(name, "the layer root can only be a directory");
                }
                RootedDirectory.Dir dir = root.openDirectory(path, false, false, name);
                setRootMetadata(entry, dir);
                return;
            }
            String fileName = path.fileName();
            if (fileName.startsWith(LayerPath.WHITEOUT_PREFIX)) {
                whiteout(entry, path);
                return;
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                throw new LayerRejectedException(name, "device nodes are not allowed in layers");
            }
            try (RootedDirectory.Dir parent = root.openDirectory(path.parent(), true, true, name)) {
                if (entry.isDirectory()) {
                    directory(entry, parent, fileName, path);
                    return;
                }
                makeRoomFor(parent, fileName, name);
                if (entry.isLink()) {
                    hardlink(entry, parent, fileName);
                    return; // a hard link shares the target's inode and metadata
                } else if (entry.isSymbolicLink()) {
                    NativeFs.symlinkat(entry.getLinkName(), parent.fd(), fileName);
                } else if (entry.isFIFO()) {
                    NativeFs.mknodat(parent.fd(), fileName, Libc.S_IFIFO | 0600, 0);
                } else if (entry.isFile()) {
                    regularFile(parent, fileName, data);
                } else {
                    throw new LayerRejectedException(name, "unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
                }
                setMetadata(entry, parent, fileName, entry.isSymbolicLink());
                setTimes(entry, parent, fileName);
            }
        }

        private void directory(TarArchiveEntry entry, RootedDirectory.Dir parent, String fileName, LayerPath path)
                throws IOException {
            int existing = RootedDirectory.typeOf(parent, fileName);
            if (existing != Libc.S_IFDIR) {
                if (existing != 0) {
                    removeAll(parent, fileName);
                }
                NativeFs.mkdirat(parent.fd(), fileName, 0700);
            }
            setMetadata(entry, parent, fileName, false);
            directoryTimes.add(new DirectoryTime(path, entry));
        }

        /** Clears the name for a new non-directory entry: replaces what a lower layer had there. */
        private void makeRoomFor(RootedDirectory.Dir parent, String fileName, String entryName) throws IOException {
            int existing = RootedDirectory.typeOf(parent, fileName);
            if (existing == 0) {
                return;
            }
            if (options.whiteouts() == WhiteoutMode.OVERLAY && existing == Libc.S_IFCHR) {
                throw new LayerRejectedException(entryName, "entry conflicts with a whiteout of the same layer");
            }
            removeAll(parent, fileName);
        }

        private void hardlink(TarArchiveEntry entry, RootedDirectory.Dir parent, String fileName) throws IOException {
            String name = entry.getName();
            String linkName = entry.getLinkName();
            LayerPath target;
            try {
                target = LayerPath.clean(name, linkName);
            } catch (LayerRejectedException e) {
                throw new LayerRejectedException(name, "hard link target \"" + linkName + "\" is outside the layer");
            }
            if (target.isRoot()) {
                throw new LayerRejectedException(name, "hard link to the layer root");
            }
            try (RootedDirectory.Dir targetParent = root.openDirectory(target.parent(), true, false, name)) {
                int type = RootedDirectory.typeOf(targetParent, target.fileName());
                if (type == 0) {
                    throw new LayerRejectedException(name, "hard link target \"" + linkName + "\" does not exist in the layer");
                }
                if (type == Libc.S_IFDIR) {
                    throw new LayerRejectedException(name, "hard link target \"" + linkName + "\" is a directory");
                }
                NativeFs.linkat(targetParent.fd(), target.fileName(), parent.fd(), fileName);
            } catch (NativeFs.NativeException e) {
                if (e.errno() == Libc.ENOENT) {
                    throw new LayerRejectedException(name, "hard link target \"" + linkName + "\" does not exist in the layer");
                }
                throw e;
            }
        }

        private static void regularFile(RootedDirectory.Dir parent, String fileName, InputStream data) throws IOException {
            int fd = NativeFs.openat(parent.fd(), fileName,
                    Libc.O_WRONLY | Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW, 0600);
            try {
                // reopen our own descriptor through /proc to write with Java's buffered I/O
                try (FileChannel channel = FileChannel.open(Path.of(NativeFs.procPath(fd)), StandardOpenOption.WRITE);
                     OutputStream out = Channels.newOutputStream(channel)) {
                    data.transferTo(out);
                }
            } finally {
                NativeFs.close(fd);
            }
        }

        private void whiteout(TarArchiveEntry entry, LayerPath path) throws IOException {
            String name = entry.getName();
            String fileName = path.fileName();
            if (fileName.equals(LayerPath.OPAQUE_MARKER)) {
                opaque(name, path.parent());
                return;
            }
            if (fileName.startsWith(LayerPath.AUFS_META_PREFIX)) {
                return; // aufs bookkeeping, skipped as Docker does
            }
            String hidden = fileName.substring(LayerPath.WHITEOUT_PREFIX.length());
            if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                throw new LayerRejectedException(name, "invalid whiteout name \"" + fileName + "\"");
            }
            // whiteouts never go through a symlink: that could delete or mask outside the layer
            try (RootedDirectory.Dir parent = root.openDirectory(path.parent(), false,
                    options.whiteouts() == WhiteoutMode.OVERLAY, name)) {
                if (options.whiteouts() == WhiteoutMode.OVERLAY) {
                    if (written.contains(path.parent().child(hidden).toString())) {
                        throw new LayerRejectedException(name, "whiteout hides \"" + hidden + "\", an entry of the same layer");
                    }
                    if (RootedDirectory.typeOf(parent, hidden) != 0) {
                        removeAll(parent, hidden);
                    }
                    NativeFs.mknodat(parent.fd(), hidden, Libc.S_IFCHR, 0);
                } else if (RootedDirectory.typeOf(parent, hidden) != 0) {
                    removeAll(parent, hidden);
                }
            } catch (NativeFs.NativeException e) {
                if (e.errno() == Libc.ENOENT && options.whiteouts() == WhiteoutMode.FLATTENED) {
                    return; // the parent does not exist below: nothing to hide
                }
                throw e;
            }
        }

        private void opaque(String name, LayerPath directory) throws IOException {
            try (RootedDirectory.Dir dir = root.openDirectory(directory, false,
                    options.whiteouts() == WhiteoutMode.OVERLAY, name)) {
                if (options.whiteouts() == WhiteoutMode.OVERLAY) {
                    NativeFs.setxattrFollowing(dir.proc(), OVERLAY_OPAQUE, "y".getBytes(StandardCharsets.US_ASCII));
                } else {
                    removeLowerContent(dir, directory);
                }
            } catch (NativeFs.NativeException e) {
                if (e.errno() == Libc.ENOENT && options.whiteouts() == WhiteoutMode.FLATTENED) {
                    return;
                }
                throw e;
            }
        }

        /** Removes what an opaque directory held before this layer, keeping this layer's entries. */
        private void removeLowerContent(RootedDirectory.Dir dir, LayerPath directory) throws IOException {
            List<String> children;
            try (Stream<Path> list = Files.list(Path.of(dir.proc()))) {
                children = list.map(p -> p.getFileName().toString()).toList();
            }
            for (String child : children) {
                String childPath = directory.child(child).toString();
                boolean fromThisLayer = written.contains(childPath)
                        || written.stream().anyMatch(w -> w.startsWith(childPath + "/"));
                if (!fromThisLayer) {
                    removeAll(dir, child);
                } else if (RootedDirectory.typeOf(dir, child) == Libc.S_IFDIR) {
                    try (RootedDirectory.Dir sub = root.openDirectory(directory.child(child), false, false, childPath)) {
                        removeLowerContent(sub, directory.child(child));
                    }
                }
            }
        }

        private void setMetadata(TarArchiveEntry entry, RootedDirectory.Dir parent, String fileName, boolean symlink)
                throws IOException {
            NativeFs.lchownat(parent.fd(), fileName, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
            if (!symlink) {
                // after chown, which clears setuid and setgid bits
                NativeFs.chmodat(parent.fd(), fileName, entry.getMode() & 07777);
            }
            setXattrs(entry, parent.proc(fileName), symlink, false);
        }

        private void setRootMetadata(TarArchiveEntry entry, RootedDirectory.Dir dir) throws IOException {
            // the root is our own descriptor: its /proc path is followed to the directory itself
            NativeFs.chownFollowing(dir.proc(), (int) entry.getLongUserId(), (int) entry.getLongGroupId());
            NativeFs.chmodat(Libc.AT_FDCWD, dir.proc(), entry.getMode() & 07777);
            setXattrs(entry, dir.proc(), false, true);
            directoryTimes.add(new DirectoryTime(new LayerPath(List.of()), entry));
        }

        private void setXattrs(TarArchiveEntry entry, String path, boolean symlink, boolean ownDescriptor)
                throws IOException {
            for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
                if (!header.getKey().startsWith(XATTR_PREFIX)) {
                    continue;
                }
                String xattr = header.getKey().substring(XATTR_PREFIX.length());
                if (xattr.startsWith(OVERLAY_XATTR_PREFIX)) {
                    throw new LayerRejectedException(entry.getName(), "overlayfs xattr \"" + xattr
                            + "\" is reserved for the engine");
                }
                if (symlink && xattr.startsWith("user.")) {
                    continue; // Linux refuses user.* xattrs on symlinks
                }
                // the raw bytes when the entry's own PAX header has them; a value from a global
                // header is only known decoded
                byte[] raw = paxRecords.get(header.getKey());
                byte[] value = raw != null ? raw : header.getValue().getBytes(StandardCharsets.UTF_8);
                if (ownDescriptor) {
                    NativeFs.setxattrFollowing(path, xattr, value);
                } else {
                    NativeFs.lsetxattr(path, xattr, value);
                }
            }
        }

        private static void setTimes(TarArchiveEntry entry, RootedDirectory.Dir parent, String fileName) throws IOException {
            Instant mtime = entry.getLastModifiedTime().toInstant();
            Instant atime = accessTime(entry, mtime);
            NativeFs.lutimesat(parent.fd(), fileName, atime.getEpochSecond(), atime.getNano(),
                    mtime.getEpochSecond(), mtime.getNano());
        }

        private static Instant accessTime(TarArchiveEntry entry, Instant mtime) {
            FileTime accessed = entry.getLastAccessTime();
            return accessed == null ? mtime : accessed.toInstant();
        }

        void finishDirectoryTimes() throws IOException {
            for (int i = directoryTimes.size() - 1; i >= 0; i--) {
                DirectoryTime dirTime = directoryTimes.get(i);
                LayerPath path = dirTime.path();
                if (path.isRoot()) {
                    Instant mtime = dirTime.entry().getLastModifiedTime().toInstant();
                    Instant atime = accessTime(dirTime.entry(), mtime);
                    NativeFs.utimesFollowing(NativeFs.procPath(root.fd()), atime.getEpochSecond(), atime.getNano(),
                            mtime.getEpochSecond(), mtime.getNano());
                    continue;
                }
                try (RootedDirectory.Dir parent = root.openDirectory(path.parent(), true, false, dirTime.entry().getName())) {
                    if (RootedDirectory.typeOf(parent, path.fileName()) == Libc.S_IFDIR) {
                        setTimes(dirTime.entry(), parent, path.fileName());
                    }
                }
            }
        }

        /** Removes {@code name} in {@code parent}, recursively for a directory, following no symlink. */
        private static void removeAll(RootedDirectory.Dir parent, String name) throws IOException {
            int type = RootedDirectory.typeOf(parent, name);
            if (type == 0) {
                return;
            }
            if (type != Libc.S_IFDIR) {
                NativeFs.unlinkat(parent.fd(), name, false);
                return;
            }
            int dirFd = NativeFs.openat(parent.fd(), name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW, 0);
            try {
                // the /proc path pins our descriptor; "/." makes the walk start inside the directory
                // instead of at the magic link; below it walkFileTree follows no symlink
                Path start = Path.of(NativeFs.procPath(dirFd), ".");
                Files.walkFileTree(start, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        if (!dir.equals(start)) {
                            Files.delete(dir);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } finally {
                NativeFs.close(dirFd);
            }
            NativeFs.unlinkat(parent.fd(), name, true);
        }
    }

    private record DirectoryTime(LayerPath path, TarArchiveEntry entry) {
    }
}
