package io.berth.controlplane.agents;

import io.berth.controlplane.eventstore.StoredEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets the {@link AgentDispatcher} send the instructions of an append this process committed at
 * once, from the events the append handed over, instead of after its next transaction has read
 * them back from the log — three round trips to PostgreSQL on the way of every command. The log
 * read stays what makes dispatch reliable: it still comes to every event and sends whatever was
 * not sent ahead; this only tells it which ones were ({@link #sentAhead}).
 *
 * <p>A stream's instructions must reach its host in version order, so an event is sent ahead
 * only when it continues its stream exactly from what was dispatched already (or opens a new
 * stream): it never overtakes an earlier event of its stream that the log read has not sent yet
 * (one appended by another replica, say). Everything here is bounded; forgetting only means an
 * event waits for the log read, or is sent twice, which agents absorb (they apply a command id
 * once).
 *
 * <p>{@link #committed} is called by appending threads; everything else by the dispatcher's thread.
 */
final class DispatchAhead {

    /** Committed events waiting beyond this many are left to the log read. */
    static final int MAX_WAITING = 10_000;
    /** How many streams' dispatched versions, and how many positions sent ahead, are remembered. */
    static final int MAX_REMEMBERED = 10_000;

    private final ConcurrentLinkedQueue<StoredEvent> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final Map<String, Long> dispatchedVersions = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Set<Long> sentAhead = new LinkedHashSet<>();

    /** An append committed in this process: its events, in version order, of one stream. */
    void committed(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            if (waitingCount.incrementAndGet() > MAX_WAITING) {
                waitingCount.decrementAndGet();
                return;
            }
            waiting.add(event);
        }
    }

    /**
     * The waiting events that may go now, in the order they were committed: each continues its
     * stream from the version dispatched last (or from what this call takes before it). Events
     * that may not are dropped: the log read sends them.
     */
    List<StoredEvent> takeSendable() {
        var sendable = new ArrayList<StoredEvent>();
        Map<String, Long> taken = new LinkedHashMap<>();
        StoredEvent event;
        while ((event = waiting.poll()) != null) {
            waitingCount.decrementAndGet();
            String stream = event.streamId();
            Long before = taken.containsKey(stream) ? taken.get(stream) : dispatchedVersions.get(stream);
            long previous = before == null ? 0 : before;
            boolean continues = event.streamVersion() == previous + 1 && (before != null || event.streamVersion() == 1);
            if (continues) {
                sendable.add(event);
                taken.put(stream, event.streamVersion());
            }
        }
        return sendable;
    }

    /** {@code events} (taken by {@link #takeSendable}) were sent ahead of the log read and acknowledged. */
    void sentAhead(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            sentAhead.add(event.position());
            if (sentAhead.size() > MAX_REMEMBERED) {
                sentAhead.remove(sentAhead.iterator().next());
            }
        }
        dispatched(events);
    }

    /** Whether the log read may skip {@code event}: it was sent ahead. Forgets it either way. */
    boolean wasSentAhead(StoredEvent event) {
        return sentAhead.remove(event.position());
    }

    /** The log read dispatched {@code events} (its batch, acknowledged): their streams are that far. */
    void dispatched(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            Long known = dispatchedVersions.get(event.streamId());
            if (known == null || known < event.streamVersion()) {
                dispatchedVersions.put(event.streamId(), event.streamVersion());
            }
        }
    }
}
