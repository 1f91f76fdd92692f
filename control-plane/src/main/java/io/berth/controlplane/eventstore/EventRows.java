package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/** Reads event rows. Every query that returns events selects {@link #COLUMNS}. */
public final class EventRows {

    public static final String COLUMNS = "position, tx_id::text AS tx_id, event_id, stream_id, stream_version,"
            + " event_type, schema_version, data::text AS data, metadata::text AS metadata, recorded_at, hash";

    private final ObjectReader reader;

    public EventRows(ObjectMapper mapper) {
        // Exact decimals: hashes are over the digits jsonb kept, not a double's approximation.
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public StoredEvent toEvent(Row row) {
        try {
            return new StoredEvent(row.getLong("position"), Long.parseUnsignedLong(row.getString("tx_id")),
                    row.getUUID("event_id"), row.getString("stream_id"), row.getLong("stream_version"),
                    row.getString("event_type"), row.getInteger("schema_version"), reader.readTree(row.getString("data")),
                    reader.readTree(row.getString("metadata")), row.getOffsetDateTime("recorded_at").toInstant(),
                    EventHasher.hex(row.getBuffer("hash").getBytes()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event at position " + row.getLong("position")
                    + " is not JSON: " + e.getMessage(), e);
        }
    }

    public List<StoredEvent> toEvents(RowSet<Row> rows) {
        var events = new ArrayList<StoredEvent>(rows.size());
        for (Row row : rows) {
            events.add(toEvent(row));
        }
        return events;
    }
}
