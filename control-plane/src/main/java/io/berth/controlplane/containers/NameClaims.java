package io.berth.controlplane.containers;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.controlplane.eventstore.StreamAppend;
import io.berth.protocol.containers.ContainerEvents.ContainerNameClaimed;
import io.berth.protocol.containers.ContainerEvents.ContainerNameReleased;
import io.berth.protocol.containers.ContainerEvents.ContainerRemoved;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fleet-wide unique container names. Each name has a stream {@code container-name.<name>} of
 * claims and releases; a run claims the name by appending at the version it read, so of two
 * concurrent runs with one name exactly one wins ({@code UNIQUE(stream_id, stream_version)}).
 * The claim and the container's creation are one append of both streams, all or nothing
 * ({@link EventStore#appendAll}). A claim whose container stream never appeared — written by
 * versions that appended the two apart, when the process died in between — is treated as free
 * after {@link #ORPHAN_AFTER}, and a claim whose container was removed is free: the next claim
 * records the release first.
 */
@ApplicationScoped
public class NameClaims {

    static final Duration ORPHAN_AFTER = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EventStore store;

    public NameClaims(EventStore store) {
        this.store = store;
    }

    /** The container the name belongs to now, if any. */
    public Optional<String> holder(String name) {
        List<StoredEvent> history = store.readStream(ContainerIds.nameStreamId(name)).await().atMost(WAIT);
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Object last = store.types().decode(history.get(history.size() - 1));
        return last instanceof ContainerNameClaimed c ? Optional.of(c.containerId()) : Optional.empty();
    }

    /** The claim stream's events, oldest first: read them alongside a run's other reads. */
    public Uni<List<StoredEvent>> history(String name) {
        return store.readStream(ContainerIds.nameStreamId(name));
    }

    /**
     * The append that claims {@code name} for {@code containerId} given the claim stream's
     * {@code history} — to go with the container's creation in one {@link EventStore#appendAll}
     * at the version read, so a concurrent claim makes it conflict — or {@link CommandRefused}
     * naming the holder. Empty when the container holds the name already.
     */
    public Optional<StreamAppend> claim(String name, String containerId, List<StoredEvent> history,
            EventMetadata metadata) {
        List<Object> events = new ArrayList<>();
        if (!history.isEmpty()) {
            StoredEvent lastStored = history.get(history.size() - 1);
            Object last = store.types().decode(lastStored);
            if (last instanceof ContainerNameClaimed c) {
                if (c.containerId().equals(containerId)) {
                    return Optional.empty();
                }
                if (!released(c.containerId(), lastStored.recordedAt())) {
                    throw new CommandRefused("the name '" + name + "' is taken by container " + c.containerId());
                }
                events.add(new ContainerNameReleased(name, c.containerId()));
            }
        }
        events.add(new ContainerNameClaimed(name, containerId));
        return Optional.of(new StreamAppend(ContainerIds.nameStreamId(name), ExpectedVersion.exactly(history.size()),
                events, metadata.withCommandId(CommandIds.derived(metadata.commandId(), "name"))));
    }

    /** Frees the name if {@code containerId} holds it. */
    public void release(String name, String containerId, EventMetadata metadata) {
        String stream = ContainerIds.nameStreamId(name);
        List<StoredEvent> history = store.readStream(stream).await().atMost(WAIT);
        if (history.isEmpty()) {
            return;
        }
        Object last = store.types().decode(history.get(history.size() - 1));
        if (last instanceof ContainerNameClaimed c && c.containerId().equals(containerId)) {
            try {
                store.appendRecords(stream, ExpectedVersion.exactly(history.size()),
                        List.of(new ContainerNameReleased(name, containerId)), metadata).await().atMost(WAIT);
            } catch (AppendConflict raced) {
                // the name moved on already
            }
        }
    }

    private boolean released(String holder, Instant claimedAt) {
        List<StoredEvent> history = store.readStream(ContainerIds.streamId(holder)).await().atMost(WAIT);
        if (history.isEmpty()) {
            return claimedAt.plus(ORPHAN_AFTER).isBefore(Instant.now());
        }
        return history.stream().anyMatch(e -> store.types().decode(e) instanceof ContainerRemoved);
    }
}
