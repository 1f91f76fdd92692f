package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Inserts a valid, correctly chained {@code host.drained} event with plain SQL, for tests that
 * must control transactions themselves (commit order, racing writers). The rows are as the store
 * would write them, so the log still verifies.
 */
final class RawEvents {

    private RawEvents() {
    }

    /** Inserts version {@code version} of {@code stream} in {@code client}'s transaction; returns its position. */
    static Uni<Long> insert(SqlClient client, String stream, long version, byte[] previousHash) {
        UUID id = UUID.randomUUID();
        JsonNode data = JsonNodeFactory.instance.objectNode().put("hostId", stream.substring(5)).put("reason", "raw");
        JsonNode metadata = JsonNodeFactory.instance.objectNode().put("actor", "test").put("source", "system");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        byte[] hash = EventHasher.hash(previousHash, id, stream, version, "host.drained", 1, data, metadata, at);
        return client.preparedQuery("""
                INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata,
                                    recorded_at, hash)
                VALUES ($1, $2, $3, 'host.drained', 1, $4::text::jsonb, $5::text::jsonb, $6, $7) RETURNING position
                """)
                .execute(Tuple.tuple(java.util.List.of(id, stream, version, data.toString(), metadata.toString(),
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC), Buffer.buffer(hash))))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
