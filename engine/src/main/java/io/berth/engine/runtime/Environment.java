package io.berth.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's environment: the image's variables, overridden by the run's, in the
 * order they were first defined (as Docker keeps them), with Docker's default
 * {@code PATH} when neither sets one.
 */
public final class Environment {
    /** Docker's default PATH for Linux containers. */
    public static final String DEFAULT_PATH =
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Environment() {
    }

    /**
     * @return {@code KEY=value} entries: image entries, then run entries replacing a key's
     * value in place or appended when new
     * @throws IllegalArgumentException for an entry without {@code =} or with an empty name
     */
    public static List<String> merge(List<String> imageEnv, List<String> runEnv) {
        Map<String, String> vars = new LinkedHashMap<>();
        put(vars, imageEnv, "image");
        put(vars, runEnv, "run");
        if (!vars.containsKey("PATH")) {
            vars.put("PATH", DEFAULT_PATH.substring("PATH=".length()));
        }
        List<String> out = new ArrayList<>(vars.size());
        vars.forEach((k, v) -> out.add(k + "=" + v));
        return List.copyOf(out);
    }

    private static void put(Map<String, String> vars, List<String> entries, String source) {
        if (entries == null) {
            return;
        }
        for (String entry : entries) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad " + source + " environment entry '" + entry
                    + "': expected KEY=value");
            }
            if (eq == 0) {
                throw new IllegalArgumentException("bad " + source + " environment entry '" + entry
                    + "': empty variable name");
            }
            vars.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
    }
}
