package io.berth.controlplane.audit;

import io.berth.controlplane.eventstore.EventHasher;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.StoredEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;

/**
 * Global tamper evidence: seals the log in (tx_id, position) order into {@code log_checkpoints}.
 * Each checkpoint holds the cursor it reaches, the number of events since the previous one and
 * a running hash {@code r = sha256(r || event hash)} carried across all checkpoints from the
 * first event. The per-stream chains catch an edited event; the checkpoints catch what they
 * cannot: a stream's last events removed, an event inserted into the past, or a stream
 * rewritten with consistent hashes. Sealing reads below the xmin horizon like every follower,
 * so it never waits for or blocks writers.
 */
public class LogCheckpoints {

    /** The newest checkpoint, or the empty one before the first event. */
    public record Checkpoint(long seq, LogCursor cursor, long eventCount, byte[] runningHash) {
        static final Checkpoint NONE = new Checkpoint(0, LogCursor.START, 0, EventHasher.GENESIS);
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Pool pool;
    private final LogTail tail;
    private final int maxEventsPerCheckpoint;

    public LogCheckpoints(Pool pool, LogTail tail, int maxEventsPerCheckpoint) {
        this.pool = pool;
        this.tail = tail;
        this.maxEventsPerCheckpoint = maxEventsPerCheckpoint;
    }

    /** Seals everything committed so far, in checkpoints of at most the configured size; returns the number sealed. */
    public long sealAll() {
        long total = 0;
        while (true) {
            long sealed = sealOne();
            if (sealed <= 0) {
                return total;
            }
            total += sealed;
        }
    }

    /** One checkpoint over the next events; 0 when there is nothing new, -1 when another replica is sealing. */
    public long sealOne() {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        boolean committed = false;
        try {
            boolean locked = connection.query("SELECT pg_try_advisory_xact_lock(hashtextextended('berth.log-checkpoints', 0))")
                    .execute().await().atMost(WAIT).iterator().next().getBoolean(0);
            if (!locked) {
                return -1;
            }
            Checkpoint last = latest(connection);
            byte[] running = last.runningHash();
            LogCursor cursor = last.cursor();
            long count = 0;
            while (count < maxEventsPerCheckpoint) {
                List<StoredEvent> batch = tail.read(connection, cursor,
                        (int) Math.min(5000, maxEventsPerCheckpoint - count)).await().atMost(WAIT);
                if (batch.isEmpty()) {
                    break;
                }
                for (StoredEvent event : batch) {
                    running = EventHasher.chain(running, EventHasher.unhex(event.hash()));
                }
                count += batch.size();
                cursor = batch.get(batch.size() - 1).cursor();
            }
            if (count == 0) {
                return 0;
            }
            connection.preparedQuery("INSERT INTO log_checkpoints (seq, tx_id, position, event_count, running_hash)"
                            + " VALUES ($1, $2::text::xid8, $3, $4, $5)")
                    .execute(Tuple.tuple(List.of(last.seq() + 1, Long.toUnsignedString(cursor.txId()), cursor.position(),
                            count, Buffer.buffer(running))))
                    .await().atMost(WAIT);
            tx.commit().await().atMost(WAIT);
            committed = true;
            return count;
        } finally {
            if (!committed) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(WAIT);
            }
            connection.close().await().atMost(WAIT);
        }
    }

    static Checkpoint latest(SqlConnection connection) {
        var rows = connection.query("SELECT seq, tx_id::text, position, event_count, running_hash FROM log_checkpoints"
                + " ORDER BY seq DESC LIMIT 1").execute().await().atMost(WAIT);
        return rows.size() == 0 ? Checkpoint.NONE : read(rows.iterator().next());
    }

    static Checkpoint read(Row row) {
        return new Checkpoint(row.getLong("seq"),
                new LogCursor(Long.parseUnsignedLong(row.getString("tx_id")), row.getLong("position")),
                row.getLong("event_count"), row.getBuffer("running_hash").getBytes());
    }
}
