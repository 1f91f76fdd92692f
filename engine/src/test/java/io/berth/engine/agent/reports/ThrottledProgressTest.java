package io.berth.engine.agent.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.progress.Progress;
import io.berth.protocol.agent.ProgressReports.TaskProgress;
import io.berth.protocol.agent.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledProgressTest {

    final List<Report> sent = new ArrayList<>();
    final AtomicLong nanos = new AtomicLong(1_000);
    final ThrottledProgress progress = new ThrottledProgress(sent::add, "image.import", "upload-1",
            Duration.ofMillis(250), nanos::get);

    private static Progress receiving(long done) {
        return new Progress("receiving", done, 1000, 0, -1);
    }

    private List<Long> sentBytes() {
        return sent.stream().map(r -> ((TaskProgress) r).bytesDone()).toList();
    }

    @Test
    void sendsTheFirstAtOnceThenAtMostOnePerInterval() {
        progress.progressed(receiving(1));
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        progress.progressed(receiving(2));
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        progress.progressed(receiving(3));
        nanos.addAndGet(Duration.ofMillis(60).toNanos());
        progress.progressed(receiving(4));

        assertThat(sentBytes()).containsExactly(1L, 4L);
        assertThat(sent.get(0)).isEqualTo(new TaskProgress("image.import", "upload-1", "receiving", 1, 1000, 0, -1));
    }

    @Test
    void aNewPhaseGoesOutAtOnce() {
        progress.progressed(receiving(1000));
        progress.progressed(new Progress("verifying layers", 0, 500, 0, 2));

        assertThat(sent).extracting(r -> ((TaskProgress) r).phase()).containsExactly("receiving", "verifying layers");
    }

    @Test
    void finishSendsWhatTheThrottleHeldBackAndNothingTwice() {
        progress.progressed(receiving(1));
        progress.progressed(receiving(1000));
        progress.finish();
        progress.finish();

        assertThat(sentBytes()).containsExactly(1L, 1000L);
    }

    @Test
    void finishWithoutProgressSendsNothing() {
        progress.finish();

        assertThat(sent).isEmpty();
    }
}
