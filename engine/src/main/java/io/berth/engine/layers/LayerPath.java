package io.berth.engine.layers;

import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name cleaned to components below the layer root: {@code ./a//b/./c} →
 * [a, b, c], {@code a/../b} → [b]. Absolute names and names whose {@code ..} climb above
 * the root are refused. An empty list is the root itself.
 */
record LayerPath(List<String> components) {

    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    /** aufs bookkeeping names ({@code .wh..wh.plnk}, …) that Docker skips. */
    static final String AUFS_META_PREFIX = ".wh..wh.";

    static LayerPath clean(String entryName, String name) throws LayerRejectedException {
        if (name.isEmpty()) {
            throw new LayerRejectedException(entryName, "empty path");
        }
        if (name.startsWith("/")) {
            throw new LayerRejectedException(entryName, "absolute path (layer entries must be relative to the layer root)");
        }
        if (name.indexOf('\0') >= 0) {
            throw new LayerRejectedException(entryName, "NUL character in path");
        }
        List<String> components = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (components.isEmpty()) {
                    throw new LayerRejectedException(entryName, "path climbs out of the layer with \"..\"");
                }
                components.remove(components.size() - 1);
                continue;
            }
            components.add(part);
        }
        return new LayerPath(List.copyOf(components));
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String fileName() {
        return components.get(components.size() - 1);
    }

    LayerPath parent() {
        return new LayerPath(components.subList(0, components.size() - 1));
    }

    LayerPath child(String name) {
        List<String> longer = new ArrayList<>(components);
        longer.add(name);
        return new LayerPath(List.copyOf(longer));
    }

    @Override
    public String toString() {
        return String.join("/", components);
    }
}
