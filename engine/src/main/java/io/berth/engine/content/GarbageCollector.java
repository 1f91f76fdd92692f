package io.berth.engine.content;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Mark and sweep over a {@link ContentStore}: everything reachable from the roots through
 * the {@link ContentGraph} is kept, the rest deleted.
 *
 * <p>A blob committed less than {@code grace} ago is kept even when unreachable: a pull or
 * an import commits its layers before the manifest that references them is recorded, and
 * a collection running in between must not take them away.
 */
public final class GarbageCollector {

    /** How long a freshly committed blob is kept even when unreachable. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    private final ContentStore store;
    private final ContentGraph graph;
    private final Duration grace;
    private final Clock clock;

    public GarbageCollector(ContentStore store, ContentGraph graph, Duration grace, Clock clock) {
        this.store = store;
        this.graph = graph;
        this.grace = grace;
        this.clock = clock;
    }

    public GarbageCollector(ContentStore store, ContentGraph graph) {
        this(store, graph, DEFAULT_GRACE, Clock.systemUTC());
    }

    /** The outcome of one collection. {@code missing}: referenced blobs the store lacks. */
    public record Report(Set<Digest> removed, long bytesFreed, int kept, Set<Digest> missing) {
    }

    public Report collect(Set<Digest> roots) throws IOException {
        Set<Digest> reachable = new HashSet<>();
        Set<Digest> missing = new TreeSet<>();
        Deque<Digest> toVisit = new ArrayDeque<>(roots);
        while (!toVisit.isEmpty()) {
            Digest digest = toVisit.pop();
            if (!reachable.add(digest)) {
                continue;
            }
            if (!store.exists(digest)) {
                missing.add(digest);
                continue;
            }
            toVisit.addAll(graph.children(store, digest));
        }
        Instant youngest = clock.instant().minus(grace);
        Set<Digest> removed = new TreeSet<>();
        long freed = 0;
        int kept = 0;
        for (ContentInfo info : store.list()) {
            if (reachable.contains(info.digest()) || info.committedAt().isAfter(youngest)) {
                kept++;
                continue;
            }
            try {
                store.delete(info.digest());
                removed.add(info.digest());
                freed += info.size();
            } catch (ContentNotFoundException alreadyGone) {
                // deleted by someone else meanwhile: the goal is reached
            }
        }
        return new Report(removed, freed, kept, missing);
    }
}
