package io.berth.engine.snapshots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A description of one mount, as containerd's {@code mount.Mount}: a type, a source and
 * options. Overlay mounts carry {@code lowerdir} (nearest layer first), {@code upperdir} and
 * {@code workdir}; the other options keep the upper directory in the form a commit can read:
 * {@code index=off} (layers are shared by many mounts) and {@code redirect_dir=off} (a
 * renamed lower directory is copied, not recorded as an xattr redirect a layer tar cannot
 * express).
 */
public record Mount(String type, String source, List<String> options) {

    static final List<String> OVERLAY_OPTIONS = List.of("index=off", "redirect_dir=off");

    public Mount {
        options = List.copyOf(options);
    }

    public static Mount overlay(List<Path> lowerDirs, Path upperDir, Path workDir) {
        List<String> options = new ArrayList<>();
        options.add("lowerdir=" + joinLowers(lowerDirs));
        options.add("upperdir=" + safe(upperDir));
        options.add("workdir=" + safe(workDir));
        options.addAll(OVERLAY_OPTIONS);
        return new Mount("overlay", "overlay", options);
    }

    /** An overlay without an upper directory is read-only by construction; it needs two lower dirs. */
    public static Mount readOnlyOverlay(List<Path> lowerDirs) {
        if (lowerDirs.size() < 2) {
            throw new IllegalArgumentException("a read-only overlay needs at least two lower dirs, got " + lowerDirs.size());
        }
        List<String> options = new ArrayList<>();
        options.add("lowerdir=" + joinLowers(lowerDirs));
        options.addAll(OVERLAY_OPTIONS);
        return new Mount("overlay", "overlay", options);
    }

    /** A bind mount: a snapshot with nothing to stack (no parent, or one layer viewed read-only). */
    public static Mount bind(Path source, boolean readOnly) {
        return new Mount("bind", safe(source), readOnly ? List.of("rbind", "ro") : List.of("rbind", "rw"));
    }

    public boolean readOnly() {
        return options.contains("ro") || ("overlay".equals(type) && option("upperdir") == null);
    }

    /** The lower directories of an overlay mount, nearest first; empty for a bind mount. */
    public List<String> lowerDirs() {
        String lower = option("lowerdir");
        return lower == null ? List.of() : Arrays.asList(lower.split(":"));
    }

    /** The value of option {@code name=value}, or null. */
    public String option(String name) {
        for (String option : options) {
            if (option.startsWith(name + "=")) {
                return option.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The options as mount(2)'s data string. */
    public String data() {
        return String.join(",", options);
    }

    private static String joinLowers(List<Path> lowerDirs) {
        if (lowerDirs.isEmpty()) {
            throw new IllegalArgumentException("an overlay mount needs at least one lower dir");
        }
        return String.join(":", lowerDirs.stream().map(Mount::safe).toList());
    }

    /** Overlay's option syntax has no escaping: a ',' or ':' in a path would split it. */
    private static String safe(Path path) {
        String text = path.toString();
        if (text.contains(",") || text.contains(":")) {
            throw new IllegalArgumentException("a path in overlay options cannot contain ',' or ':': " + text);
        }
        return text;
    }
}
