package io.berth.engine.agent;

import io.berth.engine.host.BusyboxArchive;
import io.berth.engine.host.HostEngine;
import io.berth.engine.images.archive.ArchiveImporter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real {@code docker save} tarball of busybox, built as ../shared/RECIPES.md shows (a
 * rootfs from the host's busybox, umoci, skopeo), once per test JVM.
 */
public final class BusyboxImage {

    private static Path archive;

    private BusyboxImage() {
    }

    public static synchronized Path archive() throws IOException, InterruptedException {
        if (archive == null) {
            archive = BusyboxArchive.build(Files.createTempDirectory("berth-agent-busybox"));
        }
        return archive;
    }

    /** Imports busybox:latest into an engine (the agent's, or one over a state dir no agent holds). */
    public static String importInto(HostEngine engine) throws IOException, InterruptedException {
        try (InputStream in = Files.newInputStream(archive())) {
            return new ArchiveImporter(engine.content(), engine.images()).importArchive(in, null)
                    .images().get(0).imageId().toString();
        }
    }
}
