package io.berth.controlplane.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppendSignalsTest {

    private final AppendSignals signals = new AppendSignals();

    @Test
    void aStreamsNextAppendCompletesForItsWaitersOnly() throws Exception {
        var web = signals.nextAppend("container-a");
        var db = signals.nextAppend("container-b");
        assertThat(signals.nextAppend("container-a")).as("waiters share one future").isSameAs(web);

        signals.appended("container-a");

        assertThat(web).isDone();
        assertThat(db).isNotDone();
        assertThat(signals.nextAppend("container-a")).as("the next append is a new one").isNotSameAs(web);
        assertThat(signals.await("container-b", db, 1)).isEmpty();
        assertThat(signals.nextAppend("container-b")).as("a timed-out wait leaves nothing behind")
                .isNotSameAs(db);
    }

    @Test
    void anAppendAfterTheCountTakenWakesTheLogWaiterAndOneBeforeDoesNot() throws Exception {
        signals.appended("container-a");
        long seen = signals.logAppends();
        assertThat(signals.awaitLogAppend(seen, 1)).isFalse();

        Thread appender = new Thread(() -> signals.appended("container-b"));
        appender.start();
        assertThat(signals.awaitLogAppend(seen, 60_000)).isTrue();
        appender.join();
        assertThat(signals.logAppends()).isEqualTo(seen + 1);
    }
}
