package io.berth.engine.agent.reports;

import io.berth.engine.agent.containers.ReportSink;
import io.berth.engine.progress.Progress;
import io.berth.engine.progress.ProgressListener;
import io.berth.protocol.agent.ProgressReports.TaskProgress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Reports one task's progress as {@link TaskProgress} at most once per {@code interval}: the
 * engine tells every buffer, the control plane and the browsers want a few updates a second.
 * A new phase is always reported at once (so a short phase is seen), and {@link #finish()}
 * sends the latest progress if it was held back, so the last report before the outcome says
 * how far the work got.
 */
public final class ThrottledProgress implements ProgressListener {

    /** At most four reports a second per task. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private final ReportSink sink;
    private final String task;
    private final String subject;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private Progress latest;
    private Progress sent;
    private long sentAt;

    public ThrottledProgress(ReportSink sink, String task, String subject) {
        this(sink, task, subject, DEFAULT_INTERVAL, System::nanoTime);
    }

    ThrottledProgress(ReportSink sink, String task, String subject, Duration interval, LongSupplier nanoClock) {
        this.sink = sink;
        this.task = task;
        this.subject = subject;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public void progressed(Progress progress) {
        latest = progress;
        long now = nanoClock.getAsLong();
        boolean newPhase = sent == null || !sent.phase().equals(progress.phase());
        if (newPhase || now - sentAt >= intervalNanos) {
            send(progress, now);
        }
    }

    /** Sends the latest progress if the throttle held it back. */
    public void finish() {
        if (latest != null && !latest.equals(sent)) {
            send(latest, nanoClock.getAsLong());
        }
    }

    private void send(Progress progress, long now) {
        sent = progress;
        sentAt = now;
        sink.report(new TaskProgress(task, subject, progress.phase(), progress.bytesDone(), progress.bytesTotal(),
                progress.itemsDone(), progress.itemsTotal()));
    }
}
