package io.berth.controlplane.eventstore;

import java.time.Duration;

/**
 * When a follower of the log ({@link Subscription}, the agent dispatcher) looks again after a
 * step that left it caught up. It is woken at once by the next append this process commits
 * ({@link AppendSignals}). Otherwise it looks again after {@code pollInterval} only while it
 * knows of a committed append it has not read yet — one committed just now stays below the
 * xmin horizon until older transactions end, and no second signal says when that happens — and
 * after {@code idlePollInterval} when it has read everything this process appended: that safety
 * poll only bounds how late it sees appends made by another replica or outside the event store's
 * signals. So an idle control plane does not query PostgreSQL every few milliseconds per follower.
 */
public final class FollowerPacing {

    /** How long a signalled position still counts as "committed, not read yet"; after that it is given up on. */
    static final Duration CATCH_UP_WINDOW = Duration.ofSeconds(1);

    private final AppendSignals signals;
    private final Duration pollInterval;
    private final Duration idlePollInterval;

    public FollowerPacing(AppendSignals signals, Duration pollInterval, Duration idlePollInterval) {
        this.signals = signals;
        this.pollInterval = pollInterval;
        this.idlePollInterval = idlePollInterval;
    }

    /** Take before a step and pass to {@link #awaitNext}, so an append during the step is not missed. */
    public long beforeStep() {
        return signals.logAppends();
    }

    /**
     * Waits until the next reason to step: an append after {@code beforeStep}, or the interval that
     * {@code highestRead} (the highest position the follower has read) calls for; true when an
     * append woke it.
     */
    public boolean awaitNext(long beforeStep, long highestRead) throws InterruptedException {
        return signals.awaitLogAppend(beforeStep, interval(highestRead).toMillis());
    }

    Duration interval(long highestRead) {
        return signals.recentHighestPosition(CATCH_UP_WINDOW) > highestRead ? pollInterval : idlePollInterval;
    }
}
