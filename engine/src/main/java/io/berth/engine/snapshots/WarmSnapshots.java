package io.berth.engine.snapshots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which warm snapshots are ready, by parent layer: directories under {@code warm/} with their
 * {@code upper}, {@code work} and mounted {@code rootfs}, made ahead so that a container's
 * {@code prepare} only renames one into place instead of creating four directories and
 * mounting on its start path. At most {@code capacity} are kept, one per parent, for the
 * parents prepared most recently; the least recently used parent's goes first.
 *
 * <p>Bookkeeping only: {@link OverlaySnapshotter} makes, claims and discards the directories,
 * under its own lock, which also guards every call here.
 */
final class WarmSnapshots {

    private final int capacity;
    /** Parent layer (null for no parent) → its ready directory; in least recently used order. */
    private final Map<String, Path> ready = new LinkedHashMap<>(8, 0.75f, true);

    WarmSnapshots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keep at least one warm snapshot, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Takes the ready directory for {@code parent}, if there is one; it is no longer tracked. */
    Optional<Path> take(String parent) {
        return Optional.ofNullable(ready.remove(key(parent)));
    }

    boolean has(String parent) {
        return ready.containsKey(key(parent));
    }

    /**
     * Tracks {@code dir} as ready for {@code parent}, and returns the directories that no longer
     * fit (least recently used parents first), for the caller to discard.
     */
    List<Path> add(String parent, Path dir) {
        ready.put(key(parent), dir);
        List<Path> evicted = new ArrayList<>();
        Iterator<Map.Entry<String, Path>> oldest = ready.entrySet().iterator();
        while (ready.size() > capacity && oldest.hasNext()) {
            Map.Entry<String, Path> entry = oldest.next();
            evicted.add(entry.getValue());
            oldest.remove();
        }
        return evicted;
    }

    /** Stops tracking and returns every ready directory. */
    List<Path> drain() {
        List<Path> all = new ArrayList<>(ready.values());
        ready.clear();
        return all;
    }

    private static String key(String parent) {
        return parent == null ? "" : parent;
    }
}
