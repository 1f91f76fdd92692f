package io.berth.controlplane.eventstore;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A named follower of the global log with a checkpoint in {@code subscription_checkpoints}.
 *
 * <p>Each {@link #step()} is one transaction: take the subscription's advisory lock (so only one
 * control-plane replica follows a given name at a time), read the checkpoint, read the next
 * batch through {@link LogTail}, let the {@link Handler} act on it with the same connection, and
 * move the checkpoint — committed together. A handler that writes views therefore updates them
 * and the checkpoint atomically; a handler with outside effects (Kafka) gets at-least-once:
 * if the process dies after the effect and before the commit, the batch is handled again.
 *
 * <p>{@link #start()} runs steps on a daemon thread: immediately again while batches come back
 * full, when caught up after the poll interval (or as its {@link FollowerPacing} says), after a
 * back-off when a step fails.
 */
public class Subscription {

    /** Acts on one batch, blocking, on the subscription's thread, inside its transaction. */
    @FunctionalInterface
    public interface Handler {
        void handle(SqlConnection tx, List<StoredEvent> batch) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(Subscription.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);

    private final String name;
    private final Pool pool;
    private final LogTail tail;
    private final int batchSize;
    private final Duration pollInterval;
    private final Handler handler;
    private final FollowerPacing pacing;
    /** The highest position of the events handled by this process's steps. */
    private volatile long highestRead;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public Subscription(String name, Pool pool, LogTail tail, int batchSize, Duration pollInterval, Handler handler) {
        this(name, pool, tail, batchSize, pollInterval, null, handler);
    }

    /**
     * A subscription whose {@link #start()}ed thread is paced by {@code pacing} (woken by this
     * process's appends, polling fast only while behind one) instead of polling every {@code pollInterval}.
     */
    public Subscription(String name, Pool pool, LogTail tail, int batchSize, Duration pollInterval,
            FollowerPacing pacing, Handler handler) {
        this.pacing = pacing;
        this.name = name;
        this.pool = pool;
        this.tail = tail;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    /** The last failure's message while it keeps failing; null once a step succeeds. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** Creates the checkpoint row at the start of the log if it is missing. */
    public void ensureCheckpoint() {
        pool.preparedQuery("INSERT INTO subscription_checkpoints (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .execute(Tuple.of(name)).await().atMost(WAIT);
    }

    public LogCursor checkpoint() {
        var rows = pool.preparedQuery("SELECT tx_id::text, position FROM subscription_checkpoints WHERE name = $1")
                .execute(Tuple.of(name)).await().atMost(WAIT);
        if (rows.size() == 0) {
            return LogCursor.START;
        }
        var row = rows.iterator().next();
        return new LogCursor(Long.parseUnsignedLong(row.getString(0)), row.getLong(1));
    }

    /**
     * One batch: the number of events handled, 0 when caught up, -1 when another process holds
     * this subscription.
     */
    public int step() throws Exception {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        boolean committed = false;
        try {
            // the lock and the checkpoint in one round trip (the checkpoint is only used when locked)
            var row = connection.preparedQuery("""
                            SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked, c.tx_id::text, c.position
                            FROM (SELECT 1) one LEFT JOIN subscription_checkpoints c ON c.name = $1
                            """).execute(Tuple.of(name)).await().atMost(WAIT).iterator().next();
            if (!row.getBoolean("locked")) {
                return -1;
            }
            LogCursor from = row.getString("tx_id") == null ? LogCursor.START
                    : new LogCursor(Long.parseUnsignedLong(row.getString("tx_id")), row.getLong("position"));
            List<StoredEvent> batch = tail.read(connection, from, batchSize).await().atMost(WAIT);
            if (batch.isEmpty()) {
                return 0;
            }
            handler.handle(connection, batch);
            long highest = highestRead;
            for (StoredEvent event : batch) {
                highest = Math.max(highest, event.position());
            }
            highestRead = highest;
            LogCursor to = batch.get(batch.size() - 1).cursor();
            // Asynchronous commit: losing the last steps in a database crash only means
            // handling those batches again (views and checkpoint are lost together, never
            // apart), so followers need not wait for the WAL flush that appends wait for.
            connection.preparedQuery("""
                            INSERT INTO subscription_checkpoints (name, tx_id, position, updated_at)
                            SELECT $1, $2::text::xid8, $3, now()
                            FROM (SELECT set_config('synchronous_commit', 'off', true)) async_commit
                            ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position,
                                updated_at = EXCLUDED.updated_at
                            """)
                    .execute(Tuple.of(name, Long.toUnsignedString(to.txId()), to.position())).await().atMost(WAIT);
            tx.commit().await().atMost(WAIT);
            committed = true;
            return batch.size();
        } finally {
            if (!committed) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(WAIT);
            }
            connection.close().await().atMost(WAIT);
        }
    }

    /**
     * Puts the checkpoint back to the start of the log, after {@code resetView} ran in the same
     * transaction. Waits for a step in progress (in any replica) to finish first.
     */
    public void reset(Consumer<SqlConnection> resetView) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        boolean committed = false;
        try {
            connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .execute(Tuple.of(name)).await().atMost(WAIT);
            resetView.accept(connection);
            connection.preparedQuery("""
                            INSERT INTO subscription_checkpoints (name) VALUES ($1)
                            ON CONFLICT (name) DO UPDATE SET tx_id = '0', position = 0, updated_at = now()
                            """).execute(Tuple.of(name)).await().atMost(WAIT);
            tx.commit().await().atMost(WAIT);
            committed = true;
        } finally {
            if (!committed) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(WAIT);
            }
            connection.close().await().atMost(WAIT);
        }
    }

    /** The highest position this process's steps have handled (0 before the first batch). */
    public long highestRead() {
        return highestRead;
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        ensureCheckpoint();
        running = true;
        thread = new Thread(this::run, "berth-subscription-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                long beforeStep = pacing == null ? 0 : pacing.beforeStep();
                int handled = step();
                lastError = null;
                if (handled < 0) {
                    Thread.sleep(BACK_OFF.toMillis());
                } else if (handled < batchSize) {
                    if (pacing == null) {
                        Thread.sleep(pollInterval.toMillis());
                    } else {
                        pacing.awaitNext(beforeStep, highestRead);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception | Error e) {
                if (!running) {
                    return;
                }
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastErrorAt = Instant.now();
                LOG.warnf(e, "subscription %s failed; retrying in %s", name, BACK_OFF);
                try {
                    Thread.sleep(BACK_OFF.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
