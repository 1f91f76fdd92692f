package io.berth.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runtime keeps its state on disk, under one state directory:
 * <pre>
 *   runc-root/            runc's state (the same --root for every runc call)
 *   exits/&lt;id&gt;            conmon's exit files (the monitor watches this folder)
 *   sock/&lt;uuid&gt;           conmon's links to attach sockets (paths must stay short)
 *   containers/&lt;id&gt;/      one bundle per container, see {@link ContainerDirectory}
 * </pre>
 */
final class RuntimeLayout {
    private final Path root;

    RuntimeLayout(Path stateDir) {
        // runc refuses a relative or symlinked root.path, and conmon resolves paths from its own cwd.
        try {
            Files.createDirectories(stateDir);
            this.root = stateDir.toRealPath();
            for (Path p : new Path[]{runcRoot(), exits(), sockets(), containers()}) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare runtime state directory " + stateDir, e);
        }
    }

    Path root() {
        return root;
    }

    Path runcRoot() {
        return root.resolve("runc-root");
    }

    Path exits() {
        return root.resolve("exits");
    }

    Path sockets() {
        return root.resolve("sock");
    }

    Path containers() {
        return root.resolve("containers");
    }

    ContainerDirectory container(String id) {
        return new ContainerDirectory(containers().resolve(id));
    }
}
