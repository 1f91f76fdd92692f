package io.berth.controlplane.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    private static LimitsConfig limit(int streams) {
        return new LimitsConfig() {
            public long jsonBodyBytes() {
                return 1024;
            }

            public int maxPageSize() {
                return 10;
            }

            public int streamsPerUser() {
                return streams;
            }
        };
    }

    private final StreamSlots slots = new StreamSlots(limit(2), null);

    @Test
    void eachUserHasTheirOwnSlotsAndAReleasedOneIsFreeAgain() {
        var first = slots.acquire("ada");
        slots.acquire("ada");
        assertThatThrownBy(() -> slots.acquire("ada")).isInstanceOf(TooManyStreams.class)
                .hasMessageContaining("ada already has 2 streams open");
        assertThat(slots.available("ada")).isFalse();
        slots.acquire("bob");
        first.release();
        first.release(); // twice is once
        assertThat(slots.openBy("ada")).isEqualTo(1);
        slots.acquire("ada");
        assertThat(slots.openBy("ada")).isEqualTo(2);
    }

    @Test
    void aHeldStreamGivesItsSlotBackWhenItEndsOrIsCancelled() {
        var ended = new StreamSlots(limit(1), null);
        ended.held(Multi.createFrom().items(1, 2)).subscribe().withSubscriber(AssertSubscriber.create(5))
                .assertCompleted();
        assertThat(ended.openBy("anonymous")).isZero();
        var cancelled = ended.held(Multi.createFrom().ticks().every(java.time.Duration.ofHours(1)))
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        assertThat(ended.openBy("anonymous")).isEqualTo(1);
        assertThatThrownBy(() -> ended.held(Multi.createFrom().empty())).isInstanceOf(TooManyStreams.class);
        cancelled.cancel();
        assertThat(ended.openBy("anonymous")).isZero();
    }
}
