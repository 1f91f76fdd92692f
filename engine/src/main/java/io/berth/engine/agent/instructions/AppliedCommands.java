package io.berth.engine.agent.instructions;

import io.berth.engine.host.AtomicFiles;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ReportEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of applied instructions: one small file per command id, with the reports its
 * application produced, written and fsynced before the instruction's Kafka offset is
 * committed. A redelivered command id (the agent died before the commit, or the offset was
 * reset) is answered from here with the very same reports — same report ids, so the control
 * plane appends them at most once — instead of being applied again.
 *
 * <p>One file per command keeps a write to one fsynced create-and-rename and a lookup to one
 * open; entries older than the retention are pruned at start, long after Kafka has committed
 * past them.
 */
public final class AppliedCommands {

    /** What applying one command produced. */
    public record Entry(UUID commandId, String type, Instant appliedAt, List<ReportEnvelope> reports) {
        public Entry {
            reports = reports == null ? List.of() : List.copyOf(reports);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AppliedCommands.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final Clock clock;

    public AppliedCommands(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the applied-command journal " + dir, e);
        }
    }

    public AppliedCommands(Path dir) {
        this(dir, Clock.systemUTC());
    }

    public Optional<Entry> find(UUID commandId) {
        Path file = fileOf(commandId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgentCodec.json().readValue(file.toFile(), Entry.class));
        } catch (IOException e) {
            // Written atomically, so this is damage, not a half-written entry: say so loudly.
            throw new UncheckedIOException("the journal entry " + file + " is unreadable", e);
        }
    }

    /** Records {@code commandId} as applied with its reports, durably. */
    public Entry record(UUID commandId, String type, List<ReportEnvelope> reports) {
        Entry entry = new Entry(commandId, type, clock.instant(), reports);
        try {
            AtomicFiles.write(fileOf(commandId), AgentCodec.json().writeValueAsBytes(entry), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal command " + commandId + " in " + dir, e);
        }
        return entry;
    }

    /** Deletes entries applied longer than {@code retention} ago; returns how many. */
    public int prune(Duration retention) {
        Instant cutoff = clock.instant().minus(retention);
        int pruned = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(SUFFIX))::iterator) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    pruned++;
                }
            }
        } catch (IOException e) {
            LOG.warn("pruning the applied-command journal {} failed", dir, e);
        }
        return pruned;
    }

    private Path fileOf(UUID commandId) {
        return dir.resolve(commandId + SUFFIX);
    }
}
