package io.berth.controlplane.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * Reads the global log the way followers must: after a {@link LogCursor}, in (tx_id, position)
 * order, and only rows whose transaction is older than every transaction still running
 * ({@code tx_id < pg_snapshot_xmin(pg_current_snapshot())}). Positions are handed out at insert
 * but become visible at commit, so a reader that went by position alone would skip an event
 * whose transaction commits after a later position's; below the xmin horizon every
 * transaction has finished, so nothing can still appear before the cursor.
 */
public class LogTail {

    private static final String READ = "SELECT " + EventRows.COLUMNS + " FROM events"
            + " WHERE (tx_id, position) > ($1::text::xid8, $2)"
            + " AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
            // Qualified: an unqualified tx_id would mean the text column selected above, sorting "10" before "9".
            + " ORDER BY events.tx_id, events.position LIMIT $3";

    private final EventRows rows;

    public LogTail(EventRows rows) {
        this.rows = rows;
    }

    /** Up to {@code limit} committed events after {@code after}, oldest first. */
    public Uni<List<StoredEvent>> read(SqlClient client, LogCursor after, int limit) {
        return client.preparedQuery(READ)
                .execute(Tuple.of(Long.toUnsignedString(after.txId()), after.position(), limit))
                .map(rows::toEvents);
    }

    /** The highest position written so far (committed or not), 0 for an empty log. */
    public static Uni<Long> headPosition(SqlClient client) {
        return client.query("SELECT coalesce(max(position), 0) FROM events").execute()
                .map(r -> r.iterator().next().getLong(0));
    }

    /** The cursor of the event at {@code position}, to resume a reader that last saw it. */
    public static Uni<LogCursor> cursorAt(SqlClient client, long position) {
        if (position <= 0) {
            return Uni.createFrom().item(LogCursor.START);
        }
        return client.preparedQuery("SELECT tx_id::text FROM events WHERE position = $1")
                .execute(Tuple.of(position))
                .map(r -> r.size() == 0 ? null
                        : new LogCursor(Long.parseUnsignedLong(r.iterator().next().getString(0)), position));
    }
}
