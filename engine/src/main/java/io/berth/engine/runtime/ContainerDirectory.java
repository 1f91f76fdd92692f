package io.berth.engine.runtime;

import java.nio.file.Path;

/** The files of one container: its OCI bundle plus what conmon and Berth keep beside it. */
record ContainerDirectory(Path bundle) {
    Path config() {
        return bundle.resolve("config.json");
    }

    /** Berth's own record: the spec, rootfs, restart count; see {@link ContainerRecord}. */
    Path record() {
        return bundle.resolve("berth.json");
    }

    Path log() {
        return bundle.resolve("ctr.log");
    }

    Path pidFile() {
        return bundle.resolve("pidfile");
    }

    Path conmonPidFile() {
        return bundle.resolve("conmon.pid");
    }

    Path syncFile() {
        return bundle.resolve("sync.json");
    }

    Path persist() {
        return bundle.resolve("persist");
    }

    Path exitFile() {
        return persist().resolve("exit");
    }

    /** conmon leaves an empty file here when the cgroup's OOM killer ended the container. */
    Path oomFile() {
        return persist().resolve("oom");
    }

    Path hosts() {
        return bundle.resolve("hosts");
    }

    Path hostname() {
        return bundle.resolve("hostname");
    }

    Path execs() {
        return bundle.resolve("execs");
    }
}
