package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The append-only log of events, one stream per aggregate.
 *
 * <p><b>Append</b> writes a batch of events to one stream in one statement, stating the
 * version the writer expects the stream to be at ({@link ExpectedVersion}). A concurrent writer
 * at the same version loses with {@link AppendConflict} ({@code UNIQUE(stream_id,
 * stream_version)} decides the race). An append carrying a command id that was applied before
 * returns the earlier {@link AppendResult} and appends nothing. Bad input — unknown type,
 * oversized data, malformed stream id — is {@link EventRejected} before anything is written.
 *
 * <p><b>Read</b> one stream from a version here; the global log through {@link LogTail}.
 *
 * <p>Each event is hash-chained to the previous one in its stream ({@link EventHasher}); the
 * chain does not serialize writers of different streams.
 */
@ApplicationScoped
public class EventStore {

    private static final int ANY_VERSION_RETRIES = 5;

    private static final String HEAD = """
            SELECT h.stream_version, h.hash, c.stream_id AS applied_stream, c.first_version, c.last_version
            FROM (SELECT 1) one
            LEFT JOIN LATERAL (SELECT stream_version, hash FROM events WHERE stream_id = $1
                               ORDER BY stream_version DESC LIMIT 1) h ON true
            LEFT JOIN applied_commands c ON c.command_id = $2
            """;

    // One round trip for the whole batch: unnest the columns; the command id is recorded in
    // the same statement so a retry can never append twice.
    private static final String INSERT = """
            WITH appended AS (
                INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data,
                                    metadata, recorded_at, hash)
                SELECT e.id, $2, e.v, e.t, e.s, e.d::jsonb, $7::text::jsonb, $8, e.h
                FROM unnest($1::uuid[], $3::bigint[], $4::text[], $5::int[], $6::text[], $9::bytea[])
                     AS e(id, v, t, s, d, h)
                RETURNING position),
            command AS (
                INSERT INTO applied_commands (command_id, stream_id, first_version, last_version)
                SELECT $10::text, $2, $11, $12 WHERE $10::text IS NOT NULL)
            SELECT count(*) FROM appended
            """;

    private final Pool pool;
    private final EventTypeRegistry types;
    private final EventStoreConfig config;
    private final ObjectMapper mapper;
    private final EventRows rows;
    private final AppendSignals signals;

    @Inject
    public EventStore(Pool pool, EventTypeRegistry types, EventStoreConfig config, ObjectMapper mapper,
            AppendSignals signals) {
        this.pool = pool;
        this.signals = signals;
        this.types = types;
        this.config = config;
        this.mapper = mapper;
        this.rows = new EventRows(mapper);
    }

    public EventTypeRegistry types() {
        return types;
    }

    /** Appends typed event records (see {@link EventTypeRegistry#toNewEvent}). */
    public Uni<AppendResult> appendRecords(String streamId, ExpectedVersion expected, List<?> events,
            EventMetadata metadata) {
        return Uni.createFrom().deferred(() -> append(streamId, expected,
                events.stream().map(types::toNewEvent).toList(), metadata));
    }

    /**
     * Appends typed event records inside the caller's transaction, so a table written in the same
     * transaction commits with the events or not at all. A concurrent writer makes it fail with
     * {@link AppendConflict} and no retry (the transaction is spoilt; the caller starts again).
     */
    public Uni<AppendResult> appendRecordsIn(SqlClient tx, String streamId, ExpectedVersion expected, List<?> events,
            EventMetadata metadata) {
        return Uni.createFrom().deferred(() -> {
            Prepared p = prepare(streamId, expected, events.stream().map(types::toNewEvent).toList(), metadata);
            return appendIn(tx, p).onFailure(PgException.class)
                    .transform(f -> "23505".equals(((PgException) f).getSqlState())
                            ? new AppendConflict(p.streamId(), p.expected(), -1) : f);
        });
    }

    public Uni<AppendResult> append(String streamId, ExpectedVersion expected, List<NewEvent> events,
            EventMetadata metadata) {
        return Uni.createFrom().deferred(() -> {
            Prepared prepared = prepare(streamId, expected, events, metadata);
            return attempt(prepared, ANY_VERSION_RETRIES).invoke(result -> {
                if (!result.alreadyApplied()) {
                    signals.appended(streamId);
                }
            });
        });
    }

    /** The result of an earlier append with this command id, if there was one. */
    public Uni<Optional<AppendResult>> appliedCommand(String commandId) {
        return pool.preparedQuery("SELECT stream_id, first_version, last_version FROM applied_commands"
                        + " WHERE command_id = $1")
                .execute(Tuple.of(commandId))
                .map(r -> r.size() == 0 ? Optional.empty() : Optional.of(earlier(r.iterator().next(), "stream_id")));
    }

    /** Events of one stream from {@code fromVersion} on, at most {@code limit}, oldest first. */
    public Uni<List<StoredEvent>> readStream(String streamId, long fromVersion, int limit) {
        return Uni.createFrom().deferred(() -> pool.preparedQuery("SELECT " + EventRows.COLUMNS
                        + " FROM events WHERE stream_id = $1 AND stream_version >= $2"
                        + " ORDER BY stream_version LIMIT $3")
                .execute(Tuple.of(StreamIds.require(streamId), fromVersion, limit))
                .map(rows::toEvents));
    }

    /** Every event of one stream, oldest first. */
    public Uni<List<StoredEvent>> readStream(String streamId) {
        return readStream(streamId, 1, Integer.MAX_VALUE);
    }

    private record Prepared(String streamId, ExpectedVersion expected, List<NewEvent> events, JsonNode metadata,
            String commandId, UUID[] ids, String[] data) {
    }

    private Prepared prepare(String streamId, ExpectedVersion expected, List<NewEvent> events,
            EventMetadata metadata) {
        StreamIds.require(streamId);
        if (expected == null) {
            throw new EventRejected("expected version is missing");
        }
        if (events == null || events.isEmpty()) {
            throw new EventRejected("an append needs at least one event");
        }
        if (events.size() > config.maxEventsPerAppend()) {
            throw new EventRejected("an append holds at most " + config.maxEventsPerAppend() + " events, got "
                    + events.size(), true);
        }
        UUID[] ids = new UUID[events.size()];
        String[] data = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            if (event == null) {
                throw new EventRejected("event " + i + " is null");
            }
            types.validate(event);
            data[i] = event.data().toString();
            int size = data[i].getBytes(StandardCharsets.UTF_8).length;
            if (size > config.maxEventBytes()) {
                throw new EventRejected("event " + i + " (" + event.type() + ") has " + size
                        + " bytes of data; the limit is " + config.maxEventBytes(), true);
            }
            if (data[i].contains("\\u0000")) {
                throw new EventRejected("event " + i + " (" + event.type() + ") contains a NUL character");
            }
            ids[i] = UUID.randomUUID();
        }
        EventMetadata meta = metadata == null ? EventMetadata.system("unknown") : metadata;
        return new Prepared(streamId, expected, events, mapper.valueToTree(meta), meta.commandId(), ids, data);
    }

    private Uni<AppendResult> attempt(Prepared p, int retriesLeft) {
        return appendIn(pool, p)
                .onFailure(PgException.class).recoverWithUni(failure -> {
                    PgException pg = (PgException) failure;
                    if (!"23505".equals(pg.getSqlState())) {
                        return Uni.createFrom().failure(failure);
                    }
                    if (p.commandId() != null) {
                        // Lost a race against the same command, or against another writer: the
                        // earlier result if the command is now recorded, else a conflict.
                        return appliedCommand(p.commandId()).flatMap(done -> done.isPresent()
                                ? Uni.createFrom().item(done.get())
                                : retryOrConflict(p, retriesLeft));
                    }
                    return retryOrConflict(p, retriesLeft);
                });
    }

    private Uni<AppendResult> retryOrConflict(Prepared p, int retriesLeft) {
        if (p.expected().isAny() && retriesLeft > 0) {
            return attempt(p, retriesLeft - 1);
        }
        return Uni.createFrom().failure(new AppendConflict(p.streamId(), p.expected(), -1));
    }

    /*
     * Two round trips and no explicit transaction: the head is read, then one INSERT statement
     * (atomic on its own) writes every event and the command id. If another writer appends
     * between the two, the INSERT hits UNIQUE(stream_id, stream_version) and this append
     * conflicts, exactly as it would inside a transaction; a committed version never changes,
     * so the hash read for version N is still the right predecessor of N+1.
     */
    private Uni<AppendResult> appendIn(SqlClient tx, Prepared p) {
        return tx.preparedQuery(HEAD).execute(Tuple.of(p.streamId(), p.commandId())).flatMap(head -> {
            Row row = head.iterator().next();
            if (row.getString("applied_stream") != null) {
                return Uni.createFrom().item(earlier(row, "applied_stream"));
            }
            Long version = row.getLong("stream_version");
            long current = version == null ? 0 : version;
            if (!p.expected().matches(current)) {
                return Uni.createFrom().failure(new AppendConflict(p.streamId(), p.expected(), current));
            }
            byte[] previous = version == null ? EventHasher.GENESIS : row.getBuffer("hash").getBytes();
            Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            int n = p.events().size();
            Long[] versions = new Long[n];
            String[] typeNames = new String[n];
            Integer[] schemaVersions = new Integer[n];
            Buffer[] hashes = new Buffer[n];
            for (int i = 0; i < n; i++) {
                NewEvent e = p.events().get(i);
                versions[i] = current + 1 + i;
                typeNames[i] = e.type();
                schemaVersions[i] = e.schemaVersion();
                previous = EventHasher.hash(previous, p.ids()[i], p.streamId(), versions[i], e.type(),
                        e.schemaVersion(), e.data(), p.metadata(), recordedAt);
                hashes[i] = Buffer.buffer(previous);
            }
            Tuple params = Tuple.tuple(List.of(p.ids(), p.streamId(), versions, typeNames, schemaVersions, p.data(),
                    p.metadata().toString(), OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC), hashes))
                    .addValue(p.commandId()).addLong(current + 1).addLong(current + n);
            return tx.preparedQuery(INSERT).execute(params)
                    .map(ignored -> new AppendResult(p.streamId(), current + 1, current + n, false));
        });
    }

    private static AppendResult earlier(Row row, String streamColumn) {
        return new AppendResult(row.getString(streamColumn), row.getLong("first_version"),
                row.getLong("last_version"), true);
    }
}
