package io.berth.controlplane.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * In-process wake-ups after appends, for readers that would otherwise only poll: a command's
 * {@code ?wait} follows one stream ({@link #nextAppend}), the agent dispatcher and other followers
 * follow the log ({@link #awaitLogAppend}). The event store signals every append it made in this
 * process once the append is committed, with the events it wrote, so a stream's waiter can go on
 * from them without reading the stream again, and a follower looks again at once instead of at
 * its next poll. Appends made by another replica arrive (through {@link AppendNotifications})
 * without their events; readers read then, and still poll, just less often.
 */
@ApplicationScoped
public class AppendSignals {

    /**
     * One append to a stream as its waiters learn of it: the events it wrote to the stream, in
     * version order and committed (empty when another replica announced it: read them), and the
     * wait for the append after it — in place before the waiters wake, so that one is not missed.
     */
    public record Appended(List<StoredEvent> events, CompletableFuture<Appended> following) {
    }

    /** Told of every append this process commits, with its events (the agent dispatcher sends from them). */
    private final List<Consumer<List<StoredEvent>>> commitListeners = new CopyOnWriteArrayList<>();
    /** Completed and dropped at the stream's next append; shared by everyone waiting for it. */
    private final Map<String, CompletableFuture<Appended>> next = new ConcurrentHashMap<>();
    private final Object log = new Object();
    private long logAppends;
    /** The highest global position of an append committed in this process, and when it was signalled. */
    private long highestPosition;
    private long highestPositionAt;

    /**
     * The next append to {@code streamId}: take it <em>before</em> reading the stream, then
     * {@link #await} it after, so an append in between is not missed.
     */
    public CompletableFuture<Appended> nextAppend(String streamId) {
        return next.computeIfAbsent(streamId, id -> new CompletableFuture<>());
    }

    /** Waits for {@code append} at most {@code millis}; empty if it did not happen. */
    public Optional<Appended> await(String streamId, CompletableFuture<Appended> append, long millis)
            throws InterruptedException {
        try {
            return Optional.of(append.get(millis, TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            // nobody appended: drop the future unless a later waiter or an append replaced it
            release(streamId, append);
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A waiter is done with {@code append}: drop it unless an append or another waiter replaced it. */
    public void release(String streamId, CompletableFuture<Appended> append) {
        next.remove(streamId, append);
    }

    /**
     * Calls {@code listener} with the events of every append this process commits from now on
     * (one stream's, in version order), on the appending thread, before followers are woken: it
     * must be quick.
     */
    public void onCommitted(Consumer<List<StoredEvent>> listener) {
        commitListeners.add(listener);
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

    /**
     * The highest global position this process committed, if it was committed less than
     * {@code within} ago; 0 otherwise. A follower that has not read that far yet knows an event
     * is committed that it cannot see yet (its transaction is above the xmin horizon for a moment)
     * and looks again soon instead of at its idle pace.
     */
    public long recentHighestPosition(Duration within) {
        synchronized (log) {
            return System.nanoTime() - highestPositionAt < within.toNanos() ? highestPosition : 0;
        }
    }

    /** An append to {@code streamId} committed elsewhere (another replica): its events are not known here. */
    void appended(String streamId) {
        appended(streamId, List.of());
    }

    /** An append this process committed: {@code events} are what it wrote to {@code streamId}, in version order. */
    void appended(String streamId, List<StoredEvent> events) {
        CompletableFuture<Appended> waiting = next.remove(streamId);
        if (waiting != null) {
            CompletableFuture<Appended> following = next.computeIfAbsent(streamId, id -> new CompletableFuture<>());
            waiting.complete(new Appended(List.copyOf(events), following));
        }
        if (!events.isEmpty()) {
            commitListeners.forEach(listener -> listener.accept(events));
        }
        OptionalLong highest = events.stream().mapToLong(StoredEvent::position).max();
        synchronized (log) {
            logAppends++;
            if (highest.isPresent()) {
                highestPosition = Math.max(highestPosition, highest.getAsLong());
                highestPositionAt = System.nanoTime();
            }
            log.notifyAll();
        }
    }
}
