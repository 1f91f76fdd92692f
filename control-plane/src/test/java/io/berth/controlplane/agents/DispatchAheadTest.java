package io.berth.controlplane.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.controlplane.eventstore.StoredEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DispatchAheadTest {

    private long nextPosition = 100;

    private StoredEvent event(String stream, long version) {
        return new StoredEvent(nextPosition++, 1, UUID.randomUUID(), stream, version, "container.stop-requested", 1,
                null, null, null, null);
    }

    private static List<Long> versions(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::streamVersion).toList();
    }

    @Test
    void aNewStreamGoesAheadWholeAndTheLogReadSkipsIt() {
        var ahead = new DispatchAhead();
        List<StoredEvent> run = List.of(event("container-a", 1), event("container-a", 2), event("container-a", 3));
        ahead.committed(run);

        List<StoredEvent> sendable = ahead.takeSendable();
        assertEquals(List.of(1L, 2L, 3L), versions(sendable));
        ahead.sentAhead(sendable);

        assertTrue(run.stream().allMatch(ahead::wasSentAhead));
        assertFalse(ahead.wasSentAhead(run.get(0)), "asked once: the read moves past it");
    }

    @Test
    void aLaterCommandGoesAheadOnlyOnceTheStreamWasDispatchedUpToIt() {
        var ahead = new DispatchAhead();
        // versions 1-4 were appended elsewhere (another replica, or before a restart): unknown here
        ahead.committed(List.of(event("container-a", 5)));
        assertTrue(ahead.takeSendable().isEmpty(), "it could overtake 1-4: left to the log read");

        ahead.dispatched(List.of(event("container-a", 5)));
        ahead.committed(List.of(event("container-a", 6)));
        assertEquals(List.of(6L), versions(ahead.takeSendable()));
    }

    @Test
    void anEventTheLogReadDispatchedFirstIsNotSentAgain() {
        var ahead = new DispatchAhead();
        StoredEvent created = event("container-a", 1);
        ahead.dispatched(List.of(created)); // the read got there between the commit and the hand-over
        ahead.committed(List.of(created));
        assertTrue(ahead.takeSendable().isEmpty());
    }

    @Test
    void aGapInTheHandedOverEventsStopsTheStreamThere() {
        var ahead = new DispatchAhead();
        ahead.committed(List.of(event("container-a", 1)));
        ahead.committed(List.of(event("container-a", 3)));
        ahead.committed(List.of(event("container-b", 1)));
        assertEquals(List.of("container-a@1", "container-b@1"), ahead.takeSendable().stream()
                .map(e -> e.streamId() + "@" + e.streamVersion()).toList());
    }

    @Test
    void eventsNotSentAheadAreTheLogReadsToSend() {
        var ahead = new DispatchAhead();
        StoredEvent stop = event("container-a", 7);
        ahead.committed(List.of(stop));
        ahead.takeSendable(); // dropped: the stream was not dispatched up to 6 here
        assertFalse(ahead.wasSentAhead(stop));
    }

    @Test
    void whatWaitsIsBounded() {
        var ahead = new DispatchAhead();
        for (int i = 0; i < DispatchAhead.MAX_WAITING + 5; i++) {
            ahead.committed(List.of(event("container-" + i, 1)));
        }
        assertEquals(DispatchAhead.MAX_WAITING, ahead.takeSendable().size());
        ahead.committed(List.of(event("container-late", 1)));
        assertEquals(1, ahead.takeSendable().size(), "room again once taken");
    }
}
