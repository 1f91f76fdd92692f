package io.berth.controlplane.audit;

import io.berth.controlplane.images.ImageReferences;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every way a user may have written an image reference that Docker reads as the same one:
 * {@code busybox}, {@code busybox:latest}, {@code library/busybox}, {@code docker.io/library/busybox:latest}.
 * Events keep the reference as the user gave it, so a query by name matches all of these.
 */
final class ImageSpellings {

    private static final String HUB = "docker.io/";
    private static final String OFFICIAL = "library/";
    private static final String LATEST = ":latest";

    private ImageSpellings() {
    }

    /** {@link io.berth.controlplane.api.InvalidCommand} when {@code reference} is not a reference. */
    static List<String> of(String reference) {
        String normalized = ImageReferences.normalize(reference.trim());
        Set<String> names = new LinkedHashSet<>();
        names.add(reference.trim());
        names.add(normalized);
        if (normalized.endsWith(LATEST)) {
            names.add(normalized.substring(0, normalized.length() - LATEST.length()));
        }
        for (String full : List.copyOf(names)) {
            if (full.startsWith(HUB)) {
                String onHub = full.substring(HUB.length());
                names.add(onHub);
                if (onHub.startsWith(OFFICIAL)) {
                    names.add(onHub.substring(OFFICIAL.length()));
                }
            }
        }
        return List.copyOf(names);
    }

    /** Whether {@code s} names an image by digest or id ({@code sha256:} and 64 hex digits). */
    static boolean isDigest(String s) {
        return s.trim().matches("^sha256:[0-9a-f]{64}$");
    }
}
