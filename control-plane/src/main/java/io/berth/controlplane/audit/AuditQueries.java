package io.berth.controlplane.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.dashboardapi.AuditEvents;
import io.berth.controlplane.dashboardapi.AuditFilter;
import io.berth.controlplane.eventstore.EventHasher;
import io.berth.controlplane.eventstore.StoredEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit questions, answered from the log itself (never a projection), newest first:
 * who ran which image, who committed what from which container, what one actor did, what
 * touched one host. The last two are the dashboard's audit filter ({@link AuditEvents}); runs and
 * commits join the events that answer them. Each query is served by an index of
 * {@code V11__audit_indexes.sql} / {@code V12__audit_digests.sql}.
 */
@ApplicationScoped
public class AuditQueries {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Pool pool;
    private final AuditEvents events;
    private final ObjectMapper mapper;

    public AuditQueries(Pool pool, AuditEvents events, ObjectMapper mapper) {
        this.pool = pool;
        this.events = events;
        this.mapper = mapper;
    }

    /** Runs, optionally of {@code image} (a reference in any spelling, or an image id / manifest digest) by {@code actor}. */
    public List<RunRow> runs(String image, String actor, AuditPage page) {
        var where = new Conditions("e");
        where.add("e.event_type = 'container.created'");
        if (present(image)) {
            if (ImageSpellings.isDigest(image)) {
                // resolved first: an OR with a sub-select would keep the planner off the imageId index
                where.add("e.data ->> 'imageId' = ANY($" + where.bindArray(imageIds(image.trim())) + ")");
            } else {
                where.add("e.data ->> 'image' = ANY($" + where.bindArray(ImageSpellings.of(image)) + ")");
            }
        }
        if (present(actor)) {
            where.add("e.metadata ->> 'actor' = $" + where.bind(actor.trim()));
        }
        where.page(page);
        String sql = "SELECT e.position, e.stream_id, e.stream_version, e.hash, e.recorded_at,"
                + " e.metadata ->> 'actor' AS actor, e.metadata ->> 'source' AS source,"
                + " e.data ->> 'containerId' AS container_id, e.data ->> 'name' AS name, e.data ->> 'image' AS image,"
                + " e.data ->> 'imageId' AS image_id, COALESCE(e.data -> 'dangerousOptions', '[]')::text AS dangerous,"
                // the run's placement is the next event of the same stream
                + " (SELECT s.data ->> 'hostId' FROM events s WHERE s.stream_id = e.stream_id"
                + "   AND s.stream_version = e.stream_version + 1 AND s.event_type = 'container.scheduled') AS host_id"
                + " FROM events e WHERE " + where.sql() + " ORDER BY e.position DESC LIMIT $" + where.bind(page.limit());
        var rows = new ArrayList<RunRow>();
        for (Row r : pool.preparedQuery(sql).execute(where.args()).await().atMost(WAIT)) {
            rows.add(new RunRow(r.getLong("position"), r.getString("stream_id"), r.getLong("stream_version"),
                    hash(r), r.getOffsetDateTime("recorded_at").toInstant(), r.getString("actor"), r.getString("source"),
                    r.getString("container_id"), r.getString("name"), r.getString("image"), r.getString("image_id"),
                    r.getString("host_id"), strings(r.getString("dangerous"))));
        }
        return rows;
    }

    /**
     * Commits, optionally by {@code actor} (who asked), of or from {@code image} (the new image, its
     * parent or the container's image: a reference in any spelling or an id), of {@code container}
     * (id or name).
     */
    public List<CommitRow> commits(String actor, String image, String container, AuditPage page) {
        var where = new Conditions("c");
        where.add("c.event_type = 'container.committed'");
        if (present(actor)) {
            int i = where.bind(actor.trim());
            where.add("r.metadata ->> 'actor' = $" + i);
            // only the streams the actor asked a commit in (the actor index): not every commit of the log
            where.add("c.stream_id IN (SELECT a.stream_id FROM events a WHERE a.metadata ->> 'actor' = $" + i
                    + " AND a.event_type = 'container.commit-requested')");
        }
        if (present(image)) {
            if (ImageSpellings.isDigest(image)) {
                int i = where.bind(image.trim());
                where.add("(c.data ->> 'imageId' = $" + i + " OR c.data ->> 'parentImageId' = $" + i
                        + " OR o.data ->> 'imageId' = $" + i + ")");
            } else {
                int i = where.bindArray(ImageSpellings.of(image));
                where.add("(c.data ->> 'reference' = ANY($" + i + ") OR o.data ->> 'image' = ANY($" + i + "))");
            }
        }
        if (present(container)) {
            int i = where.bind(container.trim());
            where.add("(c.data ->> 'containerId' = $" + i + " OR o.data ->> 'name' = $" + i + ")");
        }
        where.page(page);
        String sql = "SELECT c.position, c.stream_id, c.stream_version, c.hash, c.recorded_at,"
                + " r.metadata ->> 'actor' AS actor, r.metadata ->> 'source' AS source, r.stream_version AS r_version,"
                + " r.hash AS r_hash, c.data ->> 'containerId' AS container_id, o.data ->> 'name' AS container_name,"
                + " o.data ->> 'image' AS container_image, o.data ->> 'imageId' AS container_image_id,"
                + " c.data ->> 'hostId' AS host_id, c.data ->> 'imageId' AS image_id, c.data ->> 'reference' AS reference,"
                + " c.data ->> 'parentImageId' AS parent_image_id, c.data ->> 'author' AS author,"
                + " c.data ->> 'comment' AS comment"
                + " FROM events c"
                // the container's definition: the first event of its stream
                + " LEFT JOIN events o ON o.stream_id = c.stream_id AND o.stream_version = 1"
                // the request this report answers: its command id is the report's causation; a request
                // made with a non-UUID Idempotency-Key was sent under a derived id, so else the latest one before
                + " LEFT JOIN LATERAL (SELECT q.metadata, q.stream_version, q.hash FROM events q"
                + "   WHERE q.stream_id = c.stream_id AND q.stream_version < c.stream_version"
                + "   AND q.event_type = 'container.commit-requested'"
                + "   ORDER BY (q.metadata ->> 'commandId' = c.metadata ->> 'causationId') DESC NULLS LAST,"
                + "   q.stream_version DESC LIMIT 1) r ON TRUE"
                + " WHERE " + where.sql() + " ORDER BY c.position DESC LIMIT $" + where.bind(page.limit());
        var rows = new ArrayList<CommitRow>();
        for (Row r : pool.preparedQuery(sql).execute(where.args()).await().atMost(WAIT)) {
            rows.add(new CommitRow(r.getLong("position"), r.getString("stream_id"), r.getLong("stream_version"),
                    hash(r), r.getOffsetDateTime("recorded_at").toInstant(), r.getString("actor"), r.getString("source"),
                    r.getLong("r_version"), r.getBuffer("r_hash") == null ? null
                            : EventHasher.hex(r.getBuffer("r_hash").getBytes()),
                    r.getString("container_id"), r.getString("container_name"), r.getString("container_image"),
                    r.getString("container_image_id"), r.getString("host_id"), r.getString("image_id"),
                    r.getString("reference"), r.getString("parent_image_id"), r.getString("author"),
                    r.getString("comment")));
        }
        return rows;
    }

    /** {@code digest} as an image id, and the ids of the images imported or committed with it as manifest digest. */
    private List<String> imageIds(String digest) {
        var ids = new ArrayList<String>(List.of(digest));
        for (Row r : pool.preparedQuery("SELECT DISTINCT data ->> 'imageId' FROM events"
                + " WHERE event_type IN ('image.imported', 'image.committed') AND data ->> 'manifestDigest' = $1")
                .execute(Tuple.of(digest)).await().atMost(WAIT)) {
            if (r.getString(0) != null && !ids.contains(r.getString(0))) {
                ids.add(r.getString(0));
            }
        }
        return ids;
    }

    /** Every event {@code actor} appended in the page's window. */
    public List<StoredEvent> byActor(String actor, AuditPage page) {
        return events.find(new AuditFilter(actor, null, null, null, null, text(page.from()), text(page.to()),
                page.before()), page.limit());
    }

    /** Every event of host {@code hostId}'s stream or whose data names it (containers, images on it). */
    public List<StoredEvent> byHost(String hostId, AuditPage page) {
        return events.find(new AuditFilter(null, null, null, null, hostId, text(page.from()), text(page.to()),
                page.before()), page.limit());
    }

    private static String text(java.time.OffsetDateTime t) {
        return t == null ? null : t.toString();
    }

    private static String hash(Row r) {
        return EventHasher.hex(r.getBuffer("hash").getBytes());
    }

    private List<String> strings(String json) {
        try {
            return mapper.readValue(json, STRINGS);
        } catch (Exception e) {
            throw new IllegalStateException("dangerousOptions is not a list of strings: " + json, e);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** A WHERE clause built with numbered parameters. */
    private static final class Conditions {
        private final String alias;
        private final List<String> clauses = new ArrayList<>();
        private final Tuple args = Tuple.tuple();

        Conditions(String alias) {
            this.alias = alias;
        }

        void add(String clause) {
            clauses.add(clause);
        }

        int bind(Object value) {
            args.addValue(value);
            return args.size();
        }

        int bindArray(List<String> values) {
            args.addArrayOfString(values.toArray(String[]::new));
            return args.size();
        }

        void page(AuditPage page) {
            if (page.from() != null) {
                add(alias + ".recorded_at >= $" + bind(page.from()));
            }
            if (page.to() != null) {
                add(alias + ".recorded_at < $" + bind(page.to()));
            }
            if (page.before() != null) {
                add(alias + ".position < $" + bind(page.before()));
            }
        }

        String sql() {
            return String.join(" AND ", clauses);
        }

        Tuple args() {
            return args;
        }
    }
}
