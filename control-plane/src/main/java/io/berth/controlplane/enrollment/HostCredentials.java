package io.berth.controlplane.enrollment;

import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.enrollment.EnrollmentEvents.HostCredentialIssued;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which credential each host holds now: the generation from its {@code host-credential.<id>}
 * stream, the secret from {@link CredentialKeys}. Reports and channel upgrades ask for every
 * message, so generations are cached; a presented generation newer than the cached one (another
 * replica enrolled the host) reads the stream again at once, and entries are re-read after
 * {@link #FRESHNESS} so a rotation made elsewhere retires the old credential here within it.
 */
@ApplicationScoped
public class HostCredentials {

    static final Duration FRESHNESS = Duration.ofSeconds(10);

    private record Cached(long generation, long readAtNanos) {
        boolean fresh() {
            return System.nanoTime() - readAtNanos < FRESHNESS.toNanos();
        }
    }

    private final EventStore store;
    private final CredentialKeys keys;
    private final Map<String, Cached> generations = new ConcurrentHashMap<>();

    public HostCredentials(EventStore store, CredentialKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** The host's current credential, or empty when it never enrolled. */
    public Uni<Optional<HostCredential>> current(String hostId) {
        return current(hostId, 0);
    }

    /** As {@link #current(String)}, reading the stream again if {@code presented} is newer than the cache. */
    public Uni<Optional<HostCredential>> current(String hostId, long presented) {
        return generation(hostId, presented)
                .map(g -> g == 0 ? Optional.empty() : Optional.of(keys.credential(hostId, g)));
    }

    /**
     * The credential an {@code Authorization: Bearer …} value presents, if it is the current one
     * of its host; empty for anything else (missing, malformed, retired, wrong secret).
     */
    public Uni<Optional<HostCredential>> authenticate(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Uni.createFrom().item(Optional.empty());
        }
        HostCredential presented;
        try {
            presented = HostCredential.parse(authorization.substring(7));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Optional.empty());
        }
        return generation(presented.hostId(), presented.generation()).map(current -> {
            if (current != presented.generation()) {
                return Optional.<HostCredential>empty();
            }
            HostCredential expected = keys.credential(presented.hostId(), current);
            return expected.matches(presented) ? Optional.of(expected) : Optional.<HostCredential>empty();
        });
    }

    /** The current generation of the host (0: none); {@code presented} newer than the cache forces a read. */
    public Uni<Long> generation(String hostId, long presented) {
        Long known = cachedGeneration(hostId, presented);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return store.readStream(EnrollmentCatalog.credentialStream(hostId)).map(events -> remember(hostId, events));
    }

    /**
     * The host's generation without reading its stream: 0 for an id no host can have, the cached
     * one while fresh and not older than {@code presented}; null when the stream must be read.
     */
    private Long cachedGeneration(String hostId, long presented) {
        if (!HostCredential.HOST_ID.matcher(hostId).matches()) {
            return 0L;
        }
        Cached cached = generations.get(hostId);
        return cached != null && cached.fresh() && presented <= cached.generation() ? cached.generation() : null;
    }

    /**
     * The current generation of each host (0: none), as {@link #generation} answers it, with the
     * hosts whose cached generation is stale read in one query — placement asks for the whole fleet.
     */
    public Uni<Map<String, Long>> generations(List<String> hostIds) {
        Map<String, Long> known = new HashMap<>();
        Map<String, String> stale = new HashMap<>(); // credential stream → host
        for (String hostId : hostIds) {
            Long generation = cachedGeneration(hostId, 0);
            if (generation != null) {
                known.put(hostId, generation);
            } else {
                stale.put(EnrollmentCatalog.credentialStream(hostId), hostId);
            }
        }
        if (stale.isEmpty()) {
            return Uni.createFrom().item(known);
        }
        return store.readStreams(stale.keySet()).map(byStream -> {
            stale.forEach((stream, hostId) -> known.put(hostId, remember(hostId, byStream.getOrDefault(stream, List.of()))));
            return known;
        });
    }

    private long remember(String hostId, List<StoredEvent> credentialEvents) {
        long generation = credentialEvents.stream().map(store.types()::decode)
                .filter(HostCredentialIssued.class::isInstance).map(HostCredentialIssued.class::cast)
                .mapToLong(HostCredentialIssued::generation).max().orElse(0);
        generations.put(hostId, new Cached(generation, System.nanoTime()));
        return generation;
    }

    /** Called after this process issued a generation, so it takes effect here at once. */
    void issued(String hostId, long generation) {
        generations.put(hostId, new Cached(generation, System.nanoTime()));
    }
}
