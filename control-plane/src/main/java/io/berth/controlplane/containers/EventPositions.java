package io.berth.controlplane.containers;

import io.berth.controlplane.containers.CommandReceipt.EventRef;
import io.berth.controlplane.eventstore.AppendResult;
import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The types, versions and global positions of the events an append wrote. */
@ApplicationScoped
public class EventPositions {

    private final Pool pool;
    private final EventTypeRegistry types;

    public EventPositions(Pool pool, EventTypeRegistry types) {
        this.pool = pool;
        this.types = types;
    }

    /**
     * The refs of {@code events} as {@code result} appended them, from the positions the append
     * returned; read from the log when it returned none (a repeated command's earlier events).
     */
    public List<EventRef> of(AppendResult result, List<?> events) {
        if (result.alreadyApplied() || result.positions().size() != events.size()) {
            return of(result);
        }
        var refs = new ArrayList<EventRef>(events.size());
        for (int i = 0; i < events.size(); i++) {
            refs.add(new EventRef(types.typeName(events.get(i)), result.firstVersion() + i, result.positions().get(i)));
        }
        return refs;
    }

    public List<EventRef> of(AppendResult result) {
        var refs = new ArrayList<EventRef>();
        for (Row row : pool.preparedQuery("SELECT event_type, stream_version, position FROM events"
                        + " WHERE stream_id = $1 AND stream_version BETWEEN $2 AND $3 ORDER BY stream_version")
                .execute(Tuple.of(result.streamId(), result.firstVersion(), result.lastVersion()))
                .await().atMost(Duration.ofSeconds(30))) {
            refs.add(new EventRef(row.getString(0), row.getLong(1), row.getLong(2)));
        }
        return refs;
    }
}
