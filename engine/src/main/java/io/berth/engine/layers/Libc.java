package io.berth.engine.layers;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The *at system calls that let the extractor create files relative to a directory it
 * holds open, without the kernel following a symlink Berth did not choose to follow.
 * Paths are NUL-terminated UTF-8 byte arrays so that no default charset mangles them.
 * Constants are Linux x86_64/arm64 values.
 */
public interface Libc {
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int AT_REMOVEDIR = 0x200;
    int AT_EMPTY_PATH = 0x1000;

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    int O_PATH = 010000000;

    int S_IFMT = 0170000;
    int S_IFDIR = 0040000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    int S_IFREG = 0100000;
    int S_IFIFO = 0010000;
    int S_IFLNK = 0120000;

    int ENOENT = 2;
    int EEXIST = 17;

    @SaveError
    int openat(int dirfd, @In byte[] path, int flags, int mode);

    @SaveError
    int mkdirat(int dirfd, @In byte[] path, int mode);

    @SaveError
    int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);

    @SaveError
    int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);

    @SaveError
    int mknodat(int dirfd, @In byte[] path, int mode, long dev);

    @SaveError
    int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);

    @SaveError
    int fchmodat(int dirfd, @In byte[] path, int mode, int flags);

    /** {@code times} is two struct timespec: {atime sec, atime nsec, mtime sec, mtime nsec}. */
    @SaveError
    int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);

    @SaveError
    long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long bufsiz);

    @SaveError
    int unlinkat(int dirfd, @In byte[] path, int flags);

    @SaveError
    int lsetxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError
    int setxattr(@In byte[] path, @In byte[] name, @In byte[] value, long size, int flags);

    @SaveError
    long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);

    @SaveError
    int close(int fd);
}
