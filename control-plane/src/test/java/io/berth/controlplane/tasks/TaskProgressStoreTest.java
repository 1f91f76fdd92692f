package io.berth.controlplane.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.protocol.agent.ProgressReports.TaskProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TaskProgressStoreTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final TaskProgressStore store = new TaskProgressStore(config(Duration.ofMinutes(10), 3), clock);

    static TasksConfig config(Duration retention, int max) {
        return new TasksConfig() {
            @Override
            public Duration retention() {
                return retention;
            }

            @Override
            public int maxTasks() {
                return max;
            }
        };
    }

    static TaskProgress receiving(long done) {
        return new TaskProgress("image.import", "u1", "receiving", done, 100, 0, -1);
    }

    @Test
    void keepsTheLatestProgressUntilTheOutcomeFinishesIt() {
        store.progressed("h1", "c1", receiving(10));
        clock.now = clock.now.plusSeconds(1);
        store.progressed("h1", "c1", receiving(60));
        TaskView running = store.get("c1").orElseThrow();
        assertThat(running).extracting(TaskView::bytesDone, TaskView::state).containsExactly(60L, "running");
        assertThat(running.startedAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));

        store.finished("c1", true, "stored busybox:latest");
        store.progressed("h1", "c1", receiving(10)); // redelivered: does not reopen it
        TaskView done = store.get("c1").orElseThrow();
        assertThat(done).extracting(TaskView::state, TaskView::outcome, TaskView::bytesDone)
                .containsExactly("succeeded", "stored busybox:latest", 60L);
    }

    @Test
    void anOutcomeForACommandThatReportedNoProgressTracksNothing() {
        store.finished("c9", false, "no such image");
        assertThat(store.get("c9")).isEmpty();
    }

    @Test
    void liveConnectionsGetWhatChangedAfterTheSequenceTheySent() {
        store.progressed("h1", "a", receiving(1));
        long sent = store.changedAfter(0).get(0).sequence();
        store.progressed("h1", "b", receiving(1));
        store.finished("a", false, "broken archive");
        assertThat(store.changedAfter(sent)).extracting(TaskView::commandId).containsExactly("b", "a");
        assertThat(store.changedAfter(store.changedAfter(sent).get(1).sequence())).isEmpty();
    }

    @Test
    void forgetsTasksPastTheRetentionAndTheOldestFinishedFirstWhenFull() {
        store.progressed("h1", "old", receiving(1));
        store.finished("old", true, "ok");
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        store.forgetOld();
        assertThat(store.get("old")).isEmpty();

        store.progressed("h1", "a", receiving(1));
        store.finished("a", true, "ok");
        clock.now = clock.now.plusSeconds(1);
        store.progressed("h1", "b", receiving(1));
        store.progressed("h1", "c", receiving(1));
        store.progressed("h1", "d", receiving(1)); // a fourth: the finished one goes
        assertThat(store.all()).extracting(TaskView::commandId).containsExactlyInAnyOrder("b", "c", "d");
    }
}
