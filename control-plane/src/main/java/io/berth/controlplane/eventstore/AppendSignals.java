package io.berth.controlplane.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * In-process wake-ups after appends, for readers that would otherwise only poll: a command's
 * {@code ?wait} follows one stream ({@link #nextAppend}), the agent dispatcher follows the log
 * ({@link #awaitLogAppend}). The event store signals every append it made in this process once
 * the append is committed, so such a reader looks again at once instead of at its next poll.
 * Only a hint — appends made by another replica signal nothing here, so readers still poll,
 * just less often.
 */
@ApplicationScoped
public class AppendSignals {

    /** Completed and dropped at the stream's next append; shared by everyone waiting for it. */
    private final Map<String, CompletableFuture<Void>> next = new ConcurrentHashMap<>();
    private final Object log = new Object();
    private long logAppends;

    /**
     * The next append to {@code streamId}: take it <em>before</em> reading the stream, then
     * {@link #await} it after, so an append in between is not missed.
     */
    public CompletableFuture<Void> nextAppend(String streamId) {
        return next.computeIfAbsent(streamId, id -> new CompletableFuture<>());
    }

    /** Waits for {@code append} at most {@code millis}; true if it happened. */
    public boolean await(String streamId, CompletableFuture<Void> append, long millis) throws InterruptedException {
        try {
            append.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            // nobody appended: drop the future unless a later waiter or an append replaced it
            next.remove(streamId, append);
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many appends this process made so far: pass it to {@link #awaitLogAppend}. */
    public long logAppends() {
        synchronized (log) {
            return logAppends;
        }
    }

    /** Waits until this process appended after {@code seen} (a {@link #logAppends()} value), at most {@code millis}. */
    public boolean awaitLogAppend(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (log) {
            while (logAppends == seen) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                log.wait(left);
            }
            return true;
        }
    }

    void appended(String streamId) {
        CompletableFuture<Void> waiting = next.remove(streamId);
        if (waiting != null) {
            waiting.complete(null);
        }
        synchronized (log) {
            logAppends++;
            log.notifyAll();
        }
    }
}
