package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few Linux calls the JDK does not offer: mount(2), umount2(2), mknod(2) and the
 * no-follow xattr calls ({@code l*xattr}), which Java's attribute views cannot reach for
 * the {@code trusted.} and {@code security.} namespaces overlayfs and file capabilities use.
 * Failures become {@link IOException}s naming the call, the path and the errno text.
 */
public final class LinuxCalls {

    public static final long MS_RDONLY = 1L;
    public static final long MS_BIND = 4096L;
    public static final long MS_REC = 16384L;
    public static final int MNT_DETACH = 2;
    public static final int S_IFCHR = 0020000;

    private static final int ENODATA = 61;
    private static final int ERANGE = 34;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;

    /** The libc functions, bound by jnr-ffi; errno is saved right after each call. */
    public interface LibC {
        @SaveError
        int mount(String source, String target, String fstype, long flags, String data);

        @SaveError
        int umount2(String target, int flags);

        @SaveError
        int mknod(String path, int mode, long dev);

        @SaveError
        @ssize_t long lgetxattr(String path, String name, @Out byte[] value, @size_t long size);

        @SaveError
        @ssize_t long llistxattr(String path, @Out byte[] list, @size_t long size);

        @SaveError
        int lsetxattr(String path, String name, @In byte[] value, @size_t long size, int flags);

        String strerror(int errnum);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private LinuxCalls() {
    }

    public static void mount(String source, String target, String fstype, long flags, String data)
            throws IOException {
        if (LIBC.mount(source, target, fstype, flags, data) != 0) {
            throw failure("mount " + fstype + " on " + target + " (" + data + ")");
        }
    }

    /** Unmounts {@code target}; false when nothing was mounted there (EINVAL) or it does not exist. */
    public static boolean unmount(String target, int flags) throws IOException {
        if (LIBC.umount2(target, flags) == 0) {
            return true;
        }
        int errno = LastError.getLastError(RUNTIME);
        if (errno == EINVAL || errno == ENOENT) {
            return false;
        }
        throw failure("umount2 " + target, errno);
    }

    /** Creates the 0/0 character device overlayfs uses as a whiteout. */
    public static void mknodWhiteout(String path) throws IOException {
        if (LIBC.mknod(path, S_IFCHR, 0L) != 0) {
            throw failure("mknod " + path);
        }
    }

    /** The names of the extended attributes of {@code path}, without following a symlink. */
    public static List<String> listXattrs(String path) throws IOException {
        long size = LIBC.llistxattr(path, null, 0);
        if (size < 0) {
            throw failure("llistxattr " + path);
        }
        if (size == 0) {
            return List.of();
        }
        byte[] buffer = new byte[(int) size];
        long read = LIBC.llistxattr(path, buffer, buffer.length);
        if (read < 0) {
            if (LastError.getLastError(RUNTIME) == ERANGE) {
                return listXattrs(path); // grew between the two calls
            }
            throw failure("llistxattr " + path);
        }
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < read; i++) {
            if (buffer[i] == 0) {
                if (i > start) {
                    names.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** The value of one extended attribute, or empty when {@code path} does not have it. */
    public static Optional<byte[]> getXattr(String path, String name) throws IOException {
        long size = LIBC.lgetxattr(path, name, null, 0);
        if (size < 0) {
            int errno = LastError.getLastError(RUNTIME);
            if (errno == ENODATA) {
                return Optional.empty();
            }
            throw failure("lgetxattr " + name + " of " + path, errno);
        }
        byte[] value = new byte[(int) size];
        long read = size == 0 ? 0 : LIBC.lgetxattr(path, name, value, value.length);
        if (read < 0) {
            throw failure("lgetxattr " + name + " of " + path);
        }
        return Optional.of(read == value.length ? value : java.util.Arrays.copyOf(value, (int) read));
    }

    public static void setXattr(String path, String name, byte[] value) throws IOException {
        if (LIBC.lsetxattr(path, name, value, value.length, 0) != 0) {
            throw failure("lsetxattr " + name + " on " + path);
        }
    }

    private static IOException failure(String what) {
        return failure(what, LastError.getLastError(RUNTIME));
    }

    private static IOException failure(String what, int errno) {
        return new IOException(what + " failed: " + LIBC.strerror(errno) + " (errno " + errno + ")");
    }
}
