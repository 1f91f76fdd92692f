package io.berth.controlplane.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FollowerPacingTest {

    private static final Duration FAST = Duration.ofMillis(5);
    private static final Duration IDLE = Duration.ofMillis(50);

    private final AppendSignals signals = new AppendSignals();
    private final FollowerPacing pacing = new FollowerPacing(signals, FAST, IDLE);

    @Test
    void idleWhenThisProcessAppendedNothing() {
        assertThat(pacing.interval(0)).isEqualTo(IDLE);
    }

    @Test
    void fastWhileAnAppendThisProcessCommittedIsNotReadYetThenIdleOnceItIs() {
        signals.appended("container-a", List.of(event("container-a", 41), event("container-a", 42)));

        assertThat(pacing.interval(40)).as("committed at 42, read up to 40: below the horizon for now").isEqualTo(FAST);
        assertThat(pacing.interval(42)).as("read").isEqualTo(IDLE);
    }

    @Test
    void anotherReplicasAnnouncementWakesButDoesNotMakeItPollFast() throws Exception {
        long before = pacing.beforeStep();
        signals.appended("container-a"); // announced without events

        assertThat(pacing.awaitNext(before, 0)).as("woken: an append came after the step began").isTrue();
        assertThat(pacing.interval(0)).as("its positions are not known here").isEqualTo(IDLE);
        assertThat(pacing.awaitNext(pacing.beforeStep(), 0)).as("nothing since: the idle interval passes").isFalse();
    }

    private static StoredEvent event(String stream, long position) {
        return new StoredEvent(position, 1, UUID.randomUUID(), stream, position, "container.created", 1, null, null,
                Instant.now(), "00");
    }
}
