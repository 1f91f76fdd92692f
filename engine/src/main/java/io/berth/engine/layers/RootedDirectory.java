package io.berth.engine.layers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A directory held open by descriptor, inside which paths are resolved one component at
 * a time with {@code openat(O_PATH|O_NOFOLLOW)}: the kernel never follows a symlink on its
 * own, so nothing the layer put there can redirect a write outside the root.
 *
 * <p>Symlinks met in a parent position are followed by this code only when asked and only
 * when their target is relative and stays inside the root (the walk keeps the chain of
 * directory descriptors, so {@code ..} in a target pops one and never climbs above the
 * root). An absolute target ({@code a -> /tmp}) is refused: on the host it leads out, and
 * re-rooting it would silently write somewhere the layer did not name.
 */
final class RootedDirectory implements AutoCloseable {

    private static final int MAX_SYMLINKS = 40;

    private final int rootFd;

    private RootedDirectory(int rootFd) {
        this.rootFd = rootFd;
    }

    static RootedDirectory open(Path root) throws IOException {
        return new RootedDirectory(NativeFs.openat(Libc.AT_FDCWD, root.toAbsolutePath().toString(),
                Libc.O_PATH | Libc.O_DIRECTORY, 0));
    }

    int fd() {
        return rootFd;
    }

    /** An open directory descriptor; close it after use. */
    static final class Dir implements AutoCloseable {
        private final int fd;
        private final boolean owned;

        Dir(int fd, boolean owned) {
            this.fd = fd;
            this.owned = owned;
        }

        int fd() {
            return fd;
        }

        /** A path through /proc naming this directory, for calls that have no *at form. */
        String proc() {
            return NativeFs.procPath(fd);
        }

        String proc(String name) {
            return proc() + "/" + name;
        }

        @Override
        public void close() {
            if (owned) {
                NativeFs.close(fd);
            }
        }
    }

    /**
     * Opens the directory {@code path} names inside the root.
     *
     * @param followSymlinks follow relative in-root symlinks on the way; refuse any when false
     * @param create         create missing directories (mode 0755, as tar does for implied parents)
     * @param entry          the tar entry on whose behalf this runs, for error messages
     */
    Dir openDirectory(LayerPath path, boolean followSymlinks, boolean create, String entry) throws IOException {
        if (path.isRoot()) {
            return new Dir(rootFd, false);
        }
        Deque<String> todo = new ArrayDeque<>(path.components());
        List<Integer> chain = new ArrayList<>();
        int followed = 0;
        try {
            while (!todo.isEmpty()) {
                String component = todo.pop();
                if (component.isEmpty() || component.equals(".")) {
                    continue;
                }
                if (component.equals("..")) {
                    if (chain.isEmpty()) {
                        throw new LayerRejectedException(entry, "a symlink on the path leads out of the layer");
                    }
                    NativeFs.close(chain.remove(chain.size() - 1));
                    continue;
                }
                int current = chain.isEmpty() ? rootFd : chain.get(chain.size() - 1);
                int fd = openOrCreate(current, component, create, entry);
                int type;
                try {
                    type = NativeFs.fileType(fd, component);
                } catch (IOException e) {
                    NativeFs.close(fd);
                    throw e;
                }
                if (type == Libc.S_IFDIR) {
                    chain.add(fd);
                } else if (type == Libc.S_IFLNK) {
                    String target;
                    try {
                        target = NativeFs.readlink(fd, component);
                    } finally {
                        NativeFs.close(fd);
                    }
                    if (!followSymlinks) {
                        throw new LayerRejectedException(entry, "parent \"" + component + "\" is a symlink");
                    }
                    if (++followed > MAX_SYMLINKS) {
                        throw new LayerRejectedException(entry, "too many levels of symlinks");
                    }
                    if (target.startsWith("/")) {
                        throw new LayerRejectedException(entry, "parent \"" + component + "\" is a symlink to \"" + target
                                + "\", which leads out of the layer");
                    }
                    String[] parts = target.split("/");
                    for (int i = parts.length - 1; i >= 0; i--) {
                        todo.push(parts[i]);
                    }
                } else {
                    NativeFs.close(fd);
                    throw new LayerRejectedException(entry, "parent \"" + component + "\" is not a directory");
                }
            }
        } catch (IOException | RuntimeException e) {
            chain.forEach(NativeFs::close);
            throw e;
        }
        if (chain.isEmpty()) {
            return new Dir(rootFd, false);
        }
        for (int i = 0; i < chain.size() - 1; i++) {
            NativeFs.close(chain.get(i));
        }
        return new Dir(chain.get(chain.size() - 1), true);
    }

    private static int openOrCreate(int dirFd, String name, boolean create, String entry) throws IOException {
        try {
            return NativeFs.openat(dirFd, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0);
        } catch (NativeFs.NativeException e) {
            if (e.errno() != Libc.ENOENT || !create) {
                throw e;
            }
        }
        try {
            NativeFs.mkdirat(dirFd, name, 0755);
        } catch (NativeFs.NativeException e) {
            if (e.errno() != Libc.EEXIST) {
                throw e;
            }
        }
        return NativeFs.openat(dirFd, name, Libc.O_PATH | Libc.O_NOFOLLOW, 0);
    }

    /** The file type (S_IFMT bits) of {@code name} in {@code dir} without following it; 0 when absent. */
    static int typeOf(Dir dir, String name) throws IOException {
        int fd;
        try {
            fd = NativeFs.openat(dir.fd(), name, Libc.O_PATH | Libc.O_NOFOLLOW, 0);
        } catch (NativeFs.NativeException e) {
            if (e.errno() == Libc.ENOENT) {
                return 0;
            }
            throw e;
        }
        try {
            return NativeFs.fileType(fd, name);
        } finally {
            NativeFs.close(fd);
        }
    }

    @Override
    public void close() {
        NativeFs.close(rootFd);
    }
}
