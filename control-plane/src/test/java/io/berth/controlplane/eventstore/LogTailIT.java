package io.berth.controlplane.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The global tail against real, interleaved PostgreSQL transactions. */
@QuarkusTest
class LogTailIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    ObjectMapper mapper;

    /** Reads everything readable after {@code from}; returns the events of the given streams. */
    List<StoredEvent> drain(LogTail tail, LogCursor[] cursor, List<String> streams) {
        var seen = new ArrayList<StoredEvent>();
        while (true) {
            List<StoredEvent> batch = tail.read(pool, cursor[0], 500).await().atMost(WAIT);
            if (batch.isEmpty()) {
                return seen;
            }
            for (StoredEvent e : batch) {
                assertThat(e.cursor()).isGreaterThan(cursor[0]);
                cursor[0] = e.cursor();
                if (streams.contains(e.streamId())) {
                    seen.add(e);
                }
            }
        }
    }

    @Test
    void aLaterPositionCommittingFirstIsHeldBackUntilTheEarlierCommitsThenBothArriveInOrder() {
        var tail = new LogTail(new EventRows(mapper));
        String early = "host-tail-early-" + UUID.randomUUID();
        String late = "host-tail-late-" + UUID.randomUUID();
        List<String> streams = List.of(early, late);
        LogCursor[] cursor = {LogCursor.START};
        drain(tail, cursor, streams);

        SqlConnection first = pool.getConnection().await().atMost(WAIT);
        SqlConnection second = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction firstTx = first.begin().await().atMost(WAIT);
            long earlyPosition = RawEvents.insert(first, early, 1, EventHasher.GENESIS).await().atMost(WAIT);
            Transaction secondTx = second.begin().await().atMost(WAIT);
            long latePosition = RawEvents.insert(second, late, 1, EventHasher.GENESIS).await().atMost(WAIT);
            assertThat(latePosition).isGreaterThan(earlyPosition);

            secondTx.commit().await().atMost(WAIT);
            // The later position is committed and visible to plain SELECTs...
            assertThat(pool.query("SELECT count(*) FROM events WHERE stream_id = '" + late + "'").execute()
                    .await().atMost(WAIT).iterator().next().getLong(0)).isEqualTo(1);
            // ...but the tail must not hand it out yet: that would move the cursor past the
            // earlier position, which then could never be delivered.
            assertThat(drain(tail, cursor, streams)).isEmpty();

            firstTx.commit().await().atMost(WAIT);
            List<StoredEvent> delivered = drain(tail, cursor, streams);
            assertThat(delivered).extracting(StoredEvent::position).containsExactly(earlyPosition, latePosition);
        } finally {
            first.close().await().atMost(WAIT);
            second.close().await().atMost(WAIT);
        }
    }

    @Test
    void aRolledBackTransactionIsNeverDeliveredAndDoesNotBlockTheTail() {
        var tail = new LogTail(new EventRows(mapper));
        String aborted = "host-tail-aborted-" + UUID.randomUUID();
        String kept = "host-tail-kept-" + UUID.randomUUID();
        List<String> streams = List.of(aborted, kept);
        LogCursor[] cursor = {LogCursor.START};
        drain(tail, cursor, streams);

        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            Transaction tx = connection.begin().await().atMost(WAIT);
            RawEvents.insert(connection, aborted, 1, EventHasher.GENESIS).await().atMost(WAIT);
            long keptPosition = RawEvents.insert(pool, kept, 1, EventHasher.GENESIS).await().atMost(WAIT);
            assertThat(drain(tail, cursor, streams)).isEmpty();
            tx.rollback().await().atMost(WAIT);
            assertThat(drain(tail, cursor, streams)).extracting(StoredEvent::position).containsExactly(keptPosition);
        } finally {
            connection.close().await().atMost(WAIT);
        }
    }
}
