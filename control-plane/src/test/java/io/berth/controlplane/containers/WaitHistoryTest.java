package io.berth.controlplane.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.controlplane.eventstore.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How {@code ?wait} goes on from the events an append signalled instead of reading the stream again. */
class WaitHistoryTest {

    private final List<StoredEvent> read = List.of(event(1), event(2), event(3));

    @Test
    void anAppendRightAfterWhatWasReadContinuesIt() {
        assertThat(ContainerService.followedBy(read, List.of(event(4), event(5))))
                .extracting(StoredEvent::streamVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void anAppendTheReadAlreadyHadChangesNothing() {
        assertThat(ContainerService.followedBy(read, List.of(event(3)))).isSameAs(read);
    }

    @Test
    void aGapOrAnAnnouncementWithoutEventsMeansReadingTheStream() {
        assertThat(ContainerService.followedBy(read, List.of(event(5)))).as("version 4 missing").isNull();
        assertThat(ContainerService.followedBy(read, List.of())).as("another replica's announcement").isNull();
    }

    private static StoredEvent event(long version) {
        return new StoredEvent(version, 1, UUID.randomUUID(), "container-a", version, "container.created", 1, null,
                null, Instant.now(), "00");
    }
}
