package io.berth.engine.runtime;

import java.nio.file.Path;

/**
 * A host path bind-mounted (recursively, private propagation) into a container: {@code docker run
 * -v /host/path:/ctr/path[:ro]}, checked again here whoever parsed it. Both paths are absolute and free of {@code ..}, so what is mounted
 * is exactly what the request named; the destination cannot be the container's root.
 */
public record BindMount(String source, String target, boolean readOnly) {

    public BindMount {
        requireClean("source", source);
        requireClean("target", target);
        if (Path.of(target).normalize().equals(Path.of("/"))) {
            throw new IllegalArgumentException("bind target must not be the container's root /");
        }
    }

    private static void requireClean(String what, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("bind " + what + " must be an absolute path, got '" + path + "'");
        }
        if (path.indexOf('\0') >= 0 || path.contains(",")) {
            throw new IllegalArgumentException("bind " + what + " must not contain NUL or ',', got '" + path + "'");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new IllegalArgumentException("bind " + what + " must not contain '..', got '" + path + "'");
            }
        }
    }

    @Override
    public String toString() {
        return source + ":" + target + (readOnly ? ":ro" : "");
    }
}
