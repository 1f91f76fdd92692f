package io.berth.engine.layers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Checked wrappers around {@link Libc}: a failing call throws an {@link IOException} that
 * names the call, the path and the errno; {@link NativeException#errno()} lets callers
 * react to ENOENT or EEXIST.
 */
final class NativeFs {

    private static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    private static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);

    private NativeFs() {
    }

    /** A failed system call. */
    static final class NativeException extends IOException {
        private final int errno;

        NativeException(String call, String path, int errno) {
            super(call + "(" + path + "): " + describe(errno));
            this.errno = errno;
        }

        int errno() {
            return errno;
        }

        private static String describe(int errno) {
            Errno known = Errno.valueOf(errno);
            return known == null || known == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : known.description() + " (" + known.name() + ")";
        }
    }

    static byte[] c(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, terminated, 0, utf8.length);
        return terminated;
    }

    private static int check(int result, String call, String path) throws NativeException {
        if (result < 0) {
            throw new NativeException(call, path, RUNTIME.getLastError());
        }
        return result;
    }

    static int openat(int dirfd, String name, int flags, int mode) throws NativeException {
        return check(LIBC.openat(dirfd, c(name), flags | Libc.O_CLOEXEC, mode), "openat", name);
    }

    static void mkdirat(int dirfd, String name, int mode) throws NativeException {
        check(LIBC.mkdirat(dirfd, c(name), mode), "mkdirat", name);
    }

    static void symlinkat(String target, int dirfd, String name) throws NativeException {
        check(LIBC.symlinkat(c(target), dirfd, c(name)), "symlinkat", name);
    }

    static void linkat(int olddirfd, String oldName, int newdirfd, String newName) throws NativeException {
        // flags 0: if the target is a symlink, the link is made to the symlink itself, not followed
        check(LIBC.linkat(olddirfd, c(oldName), newdirfd, c(newName), 0), "linkat", newName);
    }

    static void mknodat(int dirfd, String name, int mode, long dev) throws NativeException {
        check(LIBC.mknodat(dirfd, c(name), mode, dev), "mknodat", name);
    }

    /** lchown relative to a directory: never follows a symlink. */
    static void lchownat(int dirfd, String name, int uid, int gid) throws NativeException {
        check(LIBC.fchownat(dirfd, c(name), uid, gid, Libc.AT_SYMLINK_NOFOLLOW), "fchownat", name);
    }

    /**
     * chmod relative to a directory, for an entry the caller knows is not a symlink (Linux
     * has no lchmod; fchmodat with AT_SYMLINK_NOFOLLOW fails with ENOTSUP).
     */
    static void chmodat(int dirfd, String name, int mode) throws NativeException {
        check(LIBC.fchmodat(dirfd, c(name), mode, 0), "fchmodat", name);
    }

    static void lutimesat(int dirfd, String name, long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos)
            throws NativeException {
        long[] times = {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos};
        check(LIBC.utimensat(dirfd, c(name), times, Libc.AT_SYMLINK_NOFOLLOW), "utimensat", name);
    }

    /** The target of the symlink an O_PATH|O_NOFOLLOW descriptor refers to. */
    static String readlink(int linkFd, String name) throws NativeException {
        byte[] buf = new byte[4097];
        long length = LIBC.readlinkat(linkFd, c(""), buf, buf.length);
        if (length < 0) {
            throw new NativeException("readlinkat", name, RUNTIME.getLastError());
        }
        return new String(buf, 0, (int) length, StandardCharsets.UTF_8);
    }

    static void unlinkat(int dirfd, String name, boolean directory) throws NativeException {
        check(LIBC.unlinkat(dirfd, c(name), directory ? Libc.AT_REMOVEDIR : 0), "unlinkat", name);
    }

    /** Sets an xattr on {@code path} without following a symlink in its last component. */
    static void lsetxattr(String path, String name, byte[] value) throws NativeException {
        check(LIBC.lsetxattr(c(path), c(name), value, value.length, 0), "lsetxattr " + name, path);
    }

    /**
     * Sets an xattr on what {@code path} names, following it: only for /proc paths of our
     * own directory descriptors, which are magic links to the directory itself.
     */
    static void setxattrFollowing(String path, String name, byte[] value) throws NativeException {
        check(LIBC.setxattr(c(path), c(name), value, value.length, 0), "setxattr " + name, path);
    }

    /** chown following {@code path}; same restriction as {@link #setxattrFollowing}. */
    static void chownFollowing(String path, int uid, int gid) throws NativeException {
        check(LIBC.fchownat(Libc.AT_FDCWD, c(path), uid, gid, 0), "fchownat", path);
    }

    /** utimensat following {@code path}; same restriction as {@link #setxattrFollowing}. */
    static void utimesFollowing(String path, long atimeSeconds, long atimeNanos, long mtimeSeconds, long mtimeNanos)
            throws NativeException {
        long[] times = {atimeSeconds, atimeNanos, mtimeSeconds, mtimeNanos};
        check(LIBC.utimensat(Libc.AT_FDCWD, c(path), times, 0), "utimensat", path);
    }

    /** An xattr's value, or null when absent. */
    static byte[] lgetxattr(String path, String name) throws NativeException {
        byte[] buf = new byte[65536];
        long length = LIBC.lgetxattr(c(path), c(name), buf, buf.length);
        if (length < 0) {
            int errno = RUNTIME.getLastError();
            if (errno == Errno.ENODATA.intValue()) {
                return null;
            }
            throw new NativeException("lgetxattr " + name, path, errno);
        }
        return java.util.Arrays.copyOf(buf, (int) length);
    }

    static void close(int fd) {
        LIBC.close(fd);
    }

    /** The file type bits (S_IFMT) of an open descriptor, O_PATH ones included. */
    static int fileType(int fd, String name) throws NativeException {
        FileStat stat = POSIX.allocateStat();
        int result = POSIX.libc().fstat(fd, stat);
        if (result < 0) {
            throw new NativeException("fstat", name, POSIX.errno());
        }
        return stat.mode() & Libc.S_IFMT;
    }

    /** A path through /proc that names what {@code fd} refers to (our own descriptor, so safe to follow). */
    static String procPath(int fd) {
        return "/proc/self/fd/" + fd;
    }
}
