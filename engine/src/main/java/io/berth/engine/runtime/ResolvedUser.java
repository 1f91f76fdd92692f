package io.berth.engine.runtime;

import java.util.List;

/** The numeric identity a container's process runs as, and its home for {@code HOME}. */
public record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {
    public ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
