package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;

/**
 * What lstat(2) says about one path (never following a symlink), read through the JDK's
 * {@code unix:*} attribute view: the type and permission bits, owner, device numbers and
 * inode, which tar entries and overlay whiteouts need and {@code BasicFileAttributes} lacks.
 */
public record FileStat(Type type, int permissions, int uid, int gid, long rdev, long dev, long ino,
                       int nlink, long size, FileTime modified) {

    /** The file types a layer can hold. */
    public enum Type { REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET }

    private static final int S_IFMT = 0170000;

    public static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        return new FileStat(typeOf(mode, path), mode & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("rdev"), (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
    }

    /** The stat of {@code path}, or empty when nothing is there. */
    public static Optional<FileStat> ofIfExists(Path path) throws IOException {
        try {
            return Optional.of(of(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** An overlayfs whiteout: a character device with device number 0/0. */
    public boolean isWhiteout() {
        return type == Type.CHAR_DEVICE && rdev == 0;
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public int major() {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    public int minor() {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    private static Type typeOf(int mode, Path path) {
        return switch (mode & S_IFMT) {
            case 0100000 -> Type.REGULAR;
            case 0040000 -> Type.DIRECTORY;
            case 0120000 -> Type.SYMLINK;
            case 0020000 -> Type.CHAR_DEVICE;
            case 0060000 -> Type.BLOCK_DEVICE;
            case 0010000 -> Type.FIFO;
            case 0140000 -> Type.SOCKET;
            default -> throw new IllegalStateException("unknown file type " + Integer.toOctalString(mode) + " of " + path);
        };
    }
}
