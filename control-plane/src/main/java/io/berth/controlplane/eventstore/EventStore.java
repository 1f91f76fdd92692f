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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@link #appendAll} does the same for several streams at once, all or nothing, in the same
 * two round trips (a container and its name claim; a host's reports about one container) — one
 * when this process knows the streams' heads from its own appends, or the streams are new
 * ({@link StreamHeads}: the read is skipped, and the INSERT's unique constraints catch a wrong
 * guess, which is then read and tried again).
 *
 * <p><b>Read</b> one stream from a version here; the global log through {@link LogTail}.
 *
 * <p>Each event is hash-chained to the previous one in its stream ({@link EventHasher}); the
 * chain does not serialize writers of different streams.
 */
@ApplicationScoped
public class EventStore {

    private static final int ANY_VERSION_RETRIES = 5;

    // The heads of the streams and the command ids already applied, in one round trip.
    private static final String HEADS = """
            SELECT s.stream_id, h.stream_version, h.hash, NULL::text AS command_id, NULL::text AS applied_stream,
                   NULL::bigint AS first_version, NULL::bigint AS last_version
            FROM unnest($1::text[]) AS s(stream_id)
            LEFT JOIN LATERAL (SELECT stream_version, hash FROM events WHERE events.stream_id = s.stream_id
                               ORDER BY stream_version DESC LIMIT 1) h ON true
            UNION ALL
            SELECT NULL, NULL, NULL, c.command_id, c.stream_id, c.first_version, c.last_version
            FROM applied_commands c WHERE c.command_id = ANY($2::text[])
            """;

    // One statement for every event of every stream and their command ids (atomic on its own):
    // unnest the columns; the positions come back from the INSERT itself.
    private static final String INSERT = """
            WITH appended AS (
                INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data,
                                    metadata, recorded_at, hash)
                SELECT e.id, e.st, e.v, e.t, e.s, e.d::jsonb, e.m::jsonb, $8, e.h
                FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::int[], $6::text[], $7::text[],
                            $9::bytea[]) AS e(id, st, v, t, s, d, m, h)
                RETURNING stream_id, stream_version, position, tx_id),
            command AS (
                INSERT INTO applied_commands (command_id, stream_id, first_version, last_version)
                SELECT * FROM unnest($10::text[], $11::text[], $12::bigint[], $13::bigint[]))
            SELECT stream_id, stream_version, position, tx_id::text FROM appended
            """;

    private final Pool pool;
    private final EventTypeRegistry types;
    private final EventStoreConfig config;
    private final ObjectMapper mapper;
    private final EventRows rows;
    private final AppendSignals signals;
    private final StreamHeads known = new StreamHeads(10_000);

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
            List<Prepared> parts = List.of(prepare(new StreamAppend(streamId, expected, events, metadata)));
            return appendIn(tx, parts).map(written -> written.results().get(0)).onFailure(PgException.class)
                    .transform(f -> "23505".equals(((PgException) f).getSqlState())
                            ? new AppendConflict(streamId, expected, -1) : f);
        });
    }

    public Uni<AppendResult> append(String streamId, ExpectedVersion expected, List<NewEvent> events,
            EventMetadata metadata) {
        return appendAll(List.of(new StreamAppend(streamId, expected, events, metadata))).map(r -> r.get(0));
    }

    /**
     * Appends to several streams — or several times to one — all or nothing: one read of the
     * heads and applied command ids, one INSERT statement. Each share is checked against its
     * expected version (shares of one stream in order, each after the ones before it) and is
     * idempotent by its own command id: a share applied before gives its earlier result and
     * writes nothing while the others are written. One share in conflict fails the whole append
     * with {@link AppendConflict}; nothing is written then. Results come in the shares' order.
     */
    public Uni<List<AppendResult>> appendAll(List<StreamAppend> shares) {
        return Uni.createFrom().deferred(() -> {
            if (shares == null || shares.isEmpty()) {
                throw new EventRejected("an append needs at least one stream");
            }
            List<Prepared> parts = shares.stream().map(this::prepare).toList();
            // committed (one statement, no transaction around it): waiters get the events themselves
            return attempt(parts, ANY_VERSION_RETRIES, true)
                    .invoke(written -> written.events().forEach(signals::appended))
                    .map(Written::results);
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

    /** Every event of several streams in one query, by stream, each oldest first (absent streams: no entry). */
    public Uni<Map<String, List<StoredEvent>>> readStreams(Collection<String> streamIds) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = streamIds.stream().map(StreamIds::require).distinct().toArray(String[]::new);
        return Uni.createFrom().deferred(() -> pool.preparedQuery("SELECT " + EventRows.COLUMNS
                        + " FROM events WHERE stream_id = ANY($1) ORDER BY stream_id, stream_version")
                .execute(Tuple.of(ids))
                .map(found -> {
                    Map<String, List<StoredEvent>> byStream = new LinkedHashMap<>();
                    for (StoredEvent event : rows.toEvents(found)) {
                        byStream.computeIfAbsent(event.streamId(), id -> new ArrayList<>()).add(event);
                    }
                    return byStream;
                }));
    }

    private record Prepared(String streamId, ExpectedVersion expected, List<NewEvent> events, JsonNode metadata,
            String commandId, UUID[] ids, String[] data) {
    }

    private Prepared prepare(StreamAppend share) {
        List<NewEvent> events = share.events() == null ? null : share.events().stream()
                .map(e -> e instanceof NewEvent n ? n : e == null ? null : types.toNewEvent(e)).toList();
        return prepare(share.streamId(), share.expected(), events, share.metadata());
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

    /*
     * A unique violation means another writer got in between the read of the heads and the
     * INSERT: at a version one of the shares wanted, or with one of their command ids. Reading
     * the heads again tells which — an exact version now taken is a conflict, a command id now
     * applied is its earlier result — so every share is simply tried again, a few times. The
     * first try skips the read when this process knows every head ({@link #guessedHeads}); if the
     * guess was wrong, the same unique violation says so and the retries read.
     */
    private Uni<Written> attempt(List<Prepared> parts, int retriesLeft, boolean mayGuess) {
        Map<String, Head> guessed = mayGuess ? guessedHeads(parts) : null;
        Uni<Written> append = guessed != null ? write(pool, parts, guessed, new HashMap<>()) : appendIn(pool, parts);
        return append.invoke(written -> written.heads().forEach((stream, head) ->
                known.committed(stream, head.version, head.hash)))
                .onFailure(PgException.class).recoverWithUni(failure -> {
            if (!"23505".equals(((PgException) failure).getSqlState())) {
                return Uni.createFrom().failure(failure);
            }
            // a guessed head was behind (another replica appended) or a command id was applied: read them
            parts.forEach(part -> known.forget(part.streamId()));
            if (retriesLeft > 0) {
                return attempt(parts, retriesLeft - 1, false);
            }
            Prepared first = parts.get(0);
            return Uni.createFrom().failure(new AppendConflict(first.streamId(), first.expected(), -1));
        });
    }

    /**
     * The heads of the shares' streams without reading them, when this process knows them all
     * ({@link StreamHeads}: its own committed appends; a stream it never saw counts as new when a
     * share expects no stream) and every share's expected version holds against them; null when
     * the heads must be read. Shares that repeat a stream are left to the careful way.
     */
    private Map<String, Head> guessedHeads(List<Prepared> parts) {
        Map<String, Head> heads = new HashMap<>();
        for (Prepared part : parts) {
            if (heads.containsKey(part.streamId())) {
                return null;
            }
            StreamHeads.Head head = known.get(part.streamId());
            if (head == null ? !part.expected().equals(ExpectedVersion.noStream())
                    : !part.expected().matches(head.version())) {
                return null;
            }
            heads.put(part.streamId(), head == null ? new Head(null, null) : new Head(head.version(), head.hash()));
        }
        return heads;
    }

    /** A stream's head as the shares before this one leave it. */
    private static final class Head {
        long version;
        byte[] hash;

        Head(Long version, byte[] hash) {
            this.version = version == null ? 0 : version;
            this.hash = version == null ? EventHasher.GENESIS : hash;
        }
    }

    /**
     * What an append wrote: its results in the shares' order, the new events by stream in version
     * order, and the heads it left its streams at.
     */
    private record Written(List<AppendResult> results, Map<String, List<StoredEvent>> events,
            Map<String, Head> heads) {
    }

    /*
     * Two round trips and no explicit transaction: the heads are read, then one INSERT statement
     * (atomic on its own) writes every event and command id. If another writer appends between
     * the two, the INSERT hits UNIQUE(stream_id, stream_version) and the append conflicts,
     * exactly as it would inside a transaction; a committed version never changes, so the hash
     * read for version N is still the right predecessor of N+1.
     */
    private Uni<Written> appendIn(SqlClient client, List<Prepared> parts) {
        String[] streams = parts.stream().map(Prepared::streamId).distinct().toArray(String[]::new);
        String[] commands = parts.stream().map(Prepared::commandId).filter(c -> c != null).distinct()
                .toArray(String[]::new);
        return client.preparedQuery(HEADS).execute(Tuple.of(streams, commands)).flatMap(rows -> {
            Map<String, Head> heads = new HashMap<>();
            Map<String, AppendResult> applied = new HashMap<>();
            for (Row row : rows) {
                if (row.getString("command_id") != null) {
                    applied.put(row.getString("command_id"), earlier(row, "applied_stream"));
                } else {
                    var hash = row.getBuffer("hash");
                    heads.put(row.getString("stream_id"), new Head(row.getLong("stream_version"),
                            hash == null ? null : hash.getBytes()));
                }
            }
            return write(client, parts, heads, applied);
        });
    }

    /**
     * The INSERT of every share not applied before, against {@code heads} (read, or guessed: then
     * UNIQUE(stream_id, stream_version) and the command ids' primary key refuse a wrong guess).
     */
    private Uni<Written> write(SqlClient client, List<Prepared> parts, Map<String, Head> heads,
            Map<String, AppendResult> applied) {
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var rowsToWrite = new EventColumns(recordedAt);
        AppendResult[] results = new AppendResult[parts.size()];
        for (int p = 0; p < parts.size(); p++) {
            Prepared part = parts.get(p);
            AppendResult earlier = part.commandId() == null ? null : applied.get(part.commandId());
            if (earlier != null) {
                results[p] = earlier;
                continue;
            }
            Head head = heads.get(part.streamId());
            if (!part.expected().matches(head.version)) {
                return Uni.createFrom().failure(new AppendConflict(part.streamId(), part.expected(), head.version));
            }
            long first = head.version + 1;
            head.hash = rowsToWrite.add(part, first, head.hash);
            head.version += part.events().size();
            results[p] = new AppendResult(part.streamId(), first, head.version, false);
            if (part.commandId() != null) {
                applied.put(part.commandId(), new AppendResult(part.streamId(), first, head.version, true));
                rowsToWrite.command(part.commandId(), part.streamId(), first, head.version);
            }
        }
        if (rowsToWrite.isEmpty()) {
            return Uni.createFrom().item(new Written(List.of(results), Map.of(), heads));
        }
        return client.preparedQuery(INSERT).execute(rowsToWrite.tuple()).map(inserted -> {
            Map<String, Long> positions = new HashMap<>();
            Map<String, Long> txIds = new HashMap<>();
            for (Row row : inserted) {
                positions.put(row.getString(0) + "@" + row.getLong(1), row.getLong(2));
                txIds.put(row.getString(0) + "@" + row.getLong(1), Long.parseUnsignedLong(row.getString(3)));
            }
            List<AppendResult> out = new ArrayList<>(results.length);
            for (AppendResult r : results) {
                if (r.alreadyApplied()) {
                    out.add(r);
                    continue;
                }
                List<Long> written = new ArrayList<>();
                for (long v = r.firstVersion(); v <= r.lastVersion(); v++) {
                    written.add(positions.get(r.streamId() + "@" + v));
                }
                out.add(new AppendResult(r.streamId(), r.firstVersion(), r.lastVersion(), false, written));
            }
            return new Written(out, rowsToWrite.stored(positions, txIds), heads);
        });
    }

    /** The INSERT's column arrays, filled share by share. */
    private static final class EventColumns {
        private final Instant recordedAt;
        private final List<UUID> ids = new ArrayList<>();
        private final List<String> streams = new ArrayList<>();
        private final List<Long> versions = new ArrayList<>();
        private final List<String> typeNames = new ArrayList<>();
        private final List<Integer> schemaVersions = new ArrayList<>();
        private final List<String> data = new ArrayList<>();
        private final List<String> metadata = new ArrayList<>();
        private final List<Buffer> hashes = new ArrayList<>();
        private final List<String> commandIds = new ArrayList<>();
        private final List<String> commandStreams = new ArrayList<>();
        private final List<Long> commandFirst = new ArrayList<>();
        private final List<Long> commandLast = new ArrayList<>();
        private final List<JsonNode> dataNodes = new ArrayList<>();
        private final List<JsonNode> metadataNodes = new ArrayList<>();

        EventColumns(Instant recordedAt) {
            this.recordedAt = recordedAt;
        }

        /** Adds the share's events from version {@code first} on; returns the last one's hash. */
        byte[] add(Prepared p, long first, byte[] previous) {
            String meta = p.metadata().toString();
            for (int i = 0; i < p.events().size(); i++) {
                NewEvent e = p.events().get(i);
                long version = first + i;
                previous = EventHasher.hash(previous, p.ids()[i], p.streamId(), version, e.type(), e.schemaVersion(),
                        e.data(), p.metadata(), recordedAt);
                ids.add(p.ids()[i]);
                streams.add(p.streamId());
                versions.add(version);
                typeNames.add(e.type());
                schemaVersions.add(e.schemaVersion());
                data.add(p.data()[i]);
                dataNodes.add(e.data());
                metadata.add(meta);
                metadataNodes.add(p.metadata());
                hashes.add(Buffer.buffer(previous));
            }
            return previous;
        }

        void command(String commandId, String streamId, long first, long last) {
            commandIds.add(commandId);
            commandStreams.add(streamId);
            commandFirst.add(first);
            commandLast.add(last);
        }

        boolean isEmpty() {
            return ids.isEmpty();
        }

        /** The rows written, as a read of them returns them, by stream in version order (as they were added). */
        Map<String, List<StoredEvent>> stored(Map<String, Long> positions, Map<String, Long> txIds) {
            Map<String, List<StoredEvent>> byStream = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                String key = streams.get(i) + "@" + versions.get(i);
                byStream.computeIfAbsent(streams.get(i), s -> new ArrayList<>()).add(new StoredEvent(
                        positions.get(key), txIds.get(key), ids.get(i), streams.get(i), versions.get(i),
                        typeNames.get(i), schemaVersions.get(i), dataNodes.get(i), metadataNodes.get(i), recordedAt,
                        EventHasher.hex(hashes.get(i).getBytes())));
            }
            return byStream;
        }

        Tuple tuple() {
            return Tuple.tuple(List.of(ids.toArray(UUID[]::new), streams.toArray(String[]::new),
                    versions.toArray(Long[]::new), typeNames.toArray(String[]::new),
                    schemaVersions.toArray(Integer[]::new), data.toArray(String[]::new),
                    metadata.toArray(String[]::new), OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC),
                    hashes.toArray(Buffer[]::new), commandIds.toArray(String[]::new),
                    commandStreams.toArray(String[]::new), commandFirst.toArray(Long[]::new),
                    commandLast.toArray(Long[]::new)));
        }
    }

    private static AppendResult earlier(Row row, String streamColumn) {
        return new AppendResult(row.getString(streamColumn), row.getLong("first_version"),
                row.getLong("last_version"), true);
    }
}
