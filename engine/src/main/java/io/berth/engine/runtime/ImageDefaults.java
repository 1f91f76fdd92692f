package io.berth.engine.runtime;

import java.util.List;

/**
 * What an image's config contributes to a run: the parts of an OCI image config's
 * {@code config} object a run can override. Null or empty fields mean "not set".
 */
public record ImageDefaults(List<String> entrypoint, List<String> cmd, List<String> env,
                            String workingDir, String user, String stopSignal) {
    public static final ImageDefaults NONE = new ImageDefaults(null, null, null, null, null, null);

    public ImageDefaults {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
