package io.berth.controlplane.dashboardapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.StoredEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The audit trail as the dashboard reads it: every committed event, newest first, filtered by
 * {@link AuditFilter}, a page at a time; and the same rows as CSV for export.
 */
@ApplicationScoped
public class AuditEvents {

    static final int MAX_PAGE = 100_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Pool pool;
    private final EventRows rows;

    public AuditEvents(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.rows = new EventRows(mapper);
    }

    public List<StoredEvent> find(AuditFilter filter, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidCommand("limit must be 1-" + MAX_PAGE + ", got " + limit);
        }
        Tuple args = Tuple.tuple();
        String where = filter.where(args);
        args.addInteger(limit);
        String sql = "SELECT " + EventRows.COLUMNS + " FROM events WHERE " + where
                + " ORDER BY position DESC LIMIT $" + args.size();
        return rows.toEvents(pool.preparedQuery(sql).execute(args).await().atMost(WAIT));
    }

    /** The event's hash comes last: with position, stream and version it is checked against the chain. */
    public static final String CSV_HEADER = "position,recorded_at,stream_id,stream_version,event_type,actor,source,"
            + "host_id,container_id,image_id,event_id,data,hash\r\n";

    /** One CSV line (RFC 4180 quoting) with the columns an auditor filters on, and the data as JSON. */
    public static String csvLine(StoredEvent e) {
        JsonNode m = e.metadata();
        JsonNode d = e.data();
        return String.join(",", Long.toString(e.position()), e.recordedAt().toString(), quote(e.streamId()),
                Long.toString(e.streamVersion()), quote(e.type()), quote(text(m, "actor")), quote(text(m, "source")),
                quote(text(d, "hostId")), quote(text(d, "containerId")), quote(text(d, "imageId")),
                e.eventId().toString(), quote(d == null ? "" : d.toString()), e.hash()) + "\r\n";
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? "" : node.get(field).asText();
    }

    /** An RFC 4180 field: quoted, and never read as a spreadsheet formula. Null and empty are an empty field. */
    public static String quote(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        // a leading =, +, - or @ would be a formula to a spreadsheet: keep it text
        String safe = s.matches("^[=+\\-@].*") ? "'" + s : s;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
