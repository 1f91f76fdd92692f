package io.berth.engine.runtime;

import io.berth.protocol.agent.HostAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Linux capability names and Docker's rule for a container's set ({@code TweakCapabilities} in
 * moby's {@code oci/caps}): privileged gets every capability; otherwise the default set, plus
 * {@code --cap-add}, minus {@code --cap-drop}, where {@code ALL} in either stands for every one.
 */
public final class Capabilities {

    public static final String ALL_KEYWORD = "ALL";

    /** Every capability up to Linux 5.9, in number order: the list the wire contract validates against. */
    public static final List<String> ALL = HostAccess.CAPABILITIES;

    private Capabilities() {
    }

    /** {@code net_admin} → {@code CAP_NET_ADMIN}; {@code all} → {@link #ALL_KEYWORD}; unknown: {@link IllegalArgumentException}. */
    public static String normalize(String name) {
        return HostAccess.capability(name);
    }

    /**
     * The bounding/effective/permitted set of a container: moby's {@code TweakCapabilities}.
     * "Every capability" (privileged, {@code --cap-add ALL}) means every one in {@code available},
     * the engine's own bounding set, as moby's {@code GetAllCapabilities}: runc cannot grant more.
     */
    public static List<String> effective(boolean privileged, List<String> defaults, List<String> add,
            List<String> drop, List<String> available) {
        List<String> every = ALL.stream().filter(available::contains).toList();
        if (privileged) {
            return every;
        }
        Set<String> adds = normalized(add);
        Set<String> drops = normalized(drop);
        Set<String> caps = new LinkedHashSet<>();
        if (adds.contains(ALL_KEYWORD)) {
            every.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
        } else if (drops.contains(ALL_KEYWORD)) {
            caps.addAll(adds);
        } else {
            // drop first, then add: --cap-drop X --cap-add X keeps X, as in Docker
            defaults.stream().filter(c -> !drops.contains(c)).forEach(caps::add);
            caps.addAll(adds);
        }
        return List.copyOf(caps);
    }

    /** This process's bounding set ({@code CapBnd} of {@code /proc/self/status}): what runc, its child, may grant. */
    public static List<String> boundingSetOfThisProcess() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return fromMask(Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16));
                }
            }
            throw new IllegalStateException("/proc/self/status has no CapBnd line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** The names of the capabilities whose bits are set in {@code mask}. */
    static List<String> fromMask(long mask) {
        var names = new java.util.ArrayList<String>();
        for (int bit = 0; bit < ALL.size(); bit++) {
            if ((mask & (1L << bit)) != 0) {
                names.add(ALL.get(bit));
            }
        }
        return List.copyOf(names);
    }

    private static Set<String> normalized(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        if (names != null) {
            names.forEach(n -> out.add(normalize(n)));
        }
        return out;
    }
}
