package io.berth.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConmonPollIntervalTest {

    @Test
    void pollsEveryMillisecondWhileAnAnswerIsDueThenBacksOff() {
        assertEquals(1, Conmon.pollInterval(0));
        assertEquals(1, Conmon.pollInterval(99_000_000L));
        assertEquals(5, Conmon.pollInterval(100_000_000L));
        assertEquals(5, Conmon.pollInterval(1_999_000_000L));
        assertEquals(20, Conmon.pollInterval(2_000_000_000L));
        assertEquals(20, Conmon.pollInterval(600_000_000_000L));
    }
}
