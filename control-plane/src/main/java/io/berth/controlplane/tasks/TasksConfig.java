package io.berth.controlplane.tasks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Progress of long work on hosts, under {@code berth.tasks.*}. */
@ConfigMapping(prefix = "berth.tasks")
public interface TasksConfig {

    /**
     * How long a finished task stays queryable (and a running one that stopped reporting is
     * kept) before it is forgotten.
     */
    @WithDefault("10m")
    Duration retention();

    /** At most this many tasks are kept; the oldest finished ones go first. */
    @WithDefault("10000")
    int maxTasks();
}
