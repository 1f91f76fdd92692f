package io.berth.controlplane.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventHasher;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.StoredEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Walks the whole log and checks (1) every stream's hash chain — each event's hash recomputed
 * from its content and the previous event's stored hash, versions without gaps — and (2) every
 * log checkpoint — the running hash and count recomputed over its range. Blocking; reads in
 * pages, so memory stays flat whatever the size of the log.
 */
public class ChainVerifier {

    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int PAGE = 5000;
    private static final int MAX_PROBLEMS = 100;

    private final Pool pool;
    private final EventRows rows;

    public ChainVerifier(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.rows = new EventRows(mapper);
    }

    public VerifyReport verify() {
        List<VerifyReport.Problem> eventProblems = new ArrayList<>();
        long events = 0;
        long streams = 0;
        String stream = "";
        long version = 0;
        byte[] previous = EventHasher.GENESIS;
        while (true) {
            List<StoredEvent> page = rows.toEvents(pool.preparedQuery("SELECT " + EventRows.COLUMNS + " FROM events"
                            + " WHERE (stream_id, stream_version) > ($1, $2) ORDER BY stream_id, stream_version LIMIT $3")
                    .execute(Tuple.of(stream, version, PAGE)).await().atMost(WAIT));
            if (page.isEmpty()) {
                break;
            }
            for (StoredEvent event : page) {
                events++;
                if (!event.streamId().equals(stream)) {
                    streams++;
                    stream = event.streamId();
                    version = 0;
                    previous = EventHasher.GENESIS;
                }
                byte[] stored = EventHasher.unhex(event.hash());
                if (event.streamVersion() != version + 1) {
                    add(eventProblems, event, "stream version " + event.streamVersion() + " follows " + version
                            + ": " + (event.streamVersion() - version - 1) + " event(s) missing before it");
                } else if (!Arrays.equals(EventHasher.hash(previous, event), stored)) {
                    add(eventProblems, event, "hash does not match the event's content and the previous event's hash"
                            + " (the event was changed, or the one before it was)");
                }
                previous = stored;
                version = event.streamVersion();
            }
        }
        eventProblems.sort(Comparator.comparing(VerifyReport.Problem::position));

        List<VerifyReport.Problem> checkpointProblems = new ArrayList<>();
        long checkpoints = 0;
        var sealed = pool.query("SELECT seq, tx_id::text, position, event_count, running_hash FROM log_checkpoints"
                + " ORDER BY seq").execute().await().atMost(WAIT);
        LogCursor from = LogCursor.START;
        byte[] running = EventHasher.GENESIS;
        long expectedSeq = 1;
        for (Row row : sealed) {
            LogCheckpoints.Checkpoint checkpoint = LogCheckpoints.read(row);
            checkpoints++;
            long count = 0;
            LogCursor cursor = from;
            while (true) {
                var page = pool.preparedQuery("SELECT tx_id::text, position, hash FROM events"
                                + " WHERE (tx_id, position) > ($1::text::xid8, $2) AND (tx_id, position) <= ($3::text::xid8, $4)"
                                + " ORDER BY events.tx_id, events.position LIMIT $5")
                        .execute(Tuple.tuple(List.of(Long.toUnsignedString(cursor.txId()), cursor.position(),
                                Long.toUnsignedString(checkpoint.cursor().txId()), checkpoint.cursor().position(), PAGE)))
                        .await().atMost(WAIT);
                if (page.size() == 0) {
                    break;
                }
                for (Row event : page) {
                    running = EventHasher.chain(running, event.getBuffer("hash").getBytes());
                    count++;
                    cursor = new LogCursor(Long.parseUnsignedLong(event.getString(0)), event.getLong(1));
                }
            }
            String range = "positions sealed between " + from + " and " + checkpoint.cursor();
            if (checkpoint.seq() != expectedSeq) {
                addCheckpoint(checkpointProblems, checkpoint, "checkpoint " + expectedSeq + " is missing");
            } else if (count != checkpoint.eventCount()) {
                addCheckpoint(checkpointProblems, checkpoint, "sealed " + checkpoint.eventCount() + " events, the log now"
                        + " holds " + count + " in that range (" + range + "): events were removed or inserted");
            } else if (!Arrays.equals(running, checkpoint.runningHash())) {
                addCheckpoint(checkpointProblems, checkpoint, "running hash does not match (" + range
                        + "): an event's stored hash was changed");
            }
            // Go on from the sealed value so one bad range does not flag every later one.
            running = checkpoint.runningHash();
            from = checkpoint.cursor();
            expectedSeq = checkpoint.seq() + 1;
        }

        List<VerifyReport.Problem> problems = new ArrayList<>(eventProblems);
        problems.addAll(checkpointProblems);
        return new VerifyReport(problems.isEmpty(), events, streams, checkpoints,
                eventProblems.isEmpty() ? null : eventProblems.get(0),
                problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
    }

    private static void add(List<VerifyReport.Problem> problems, StoredEvent event, String reason) {
        problems.add(new VerifyReport.Problem("event", event.position(), event.eventId().toString(), event.streamId(),
                event.streamVersion(), null, reason));
    }

    private static void addCheckpoint(List<VerifyReport.Problem> problems, LogCheckpoints.Checkpoint checkpoint,
            String reason) {
        problems.add(new VerifyReport.Problem("checkpoint", checkpoint.cursor().position(), null, null, null,
                checkpoint.seq(), reason));
    }
}
