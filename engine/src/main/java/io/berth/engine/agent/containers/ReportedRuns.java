package io.berth.engine.agent.containers;

import io.berth.engine.host.AtomicFiles;
import io.berth.protocol.agent.AgentCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which run of each container the agent has reported, so that the exit watcher, the
 * periodic sweep and the start-up scan report each start and each exit once (a run is
 * named by its {@code startedAt}). Kept on disk so that a restarted agent reports exits
 * that happened while it was away, and only those. Losing it only costs duplicate
 * reports, which the control plane takes as no-ops, so the file is not fsynced.
 */
public final class ReportedRuns {

    /** The last run reported for one container; {@code exited} once its exit was reported. */
    public record Run(Instant startedAt, boolean exited) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReportedRuns.class);

    private final Path dir;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public ReportedRuns(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".json"))::iterator) {
                    String id = file.getFileName().toString().replaceFirst("\\.json$", "");
                    runs.put(id, AgentCodec.json().readValue(file.toFile(), Run.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reported runs in " + dir, e);
        }
    }

    public boolean startReported(String containerId, Instant startedAt) {
        Run run = runs.get(containerId);
        return run != null && Objects.equals(run.startedAt(), startedAt);
    }

    public boolean exitReported(String containerId, Instant startedAt) {
        Run run = runs.get(containerId);
        return run != null && Objects.equals(run.startedAt(), startedAt) && run.exited();
    }

    public void started(String containerId, Instant startedAt) {
        save(containerId, new Run(startedAt, false));
    }

    public void exited(String containerId, Instant startedAt) {
        save(containerId, new Run(startedAt, true));
    }

    public void forget(String containerId) {
        runs.remove(containerId);
        try {
            Files.deleteIfExists(dir.resolve(containerId + ".json"));
        } catch (IOException e) {
            LOG.warn("cannot forget the reported runs of {}", containerId, e);
        }
    }

    private void save(String containerId, Run run) {
        runs.put(containerId, run);
        try {
            AtomicFiles.write(dir.resolve(containerId + ".json"), AgentCodec.json().writeValueAsBytes(run), false);
        } catch (IOException e) {
            LOG.warn("cannot record the reported run of {}; it may be reported again", containerId, e);
        }
    }
}
