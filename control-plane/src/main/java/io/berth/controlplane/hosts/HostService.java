package io.berth.controlplane.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StreamIds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Host commands and queries. A command loads the host's stream, lets {@link Host} decide, and
 * appends at the version it loaded; a concurrent change makes it reload and decide again.
 * Queries read {@code host_view}, which follows the log a moment behind.
 */
@ApplicationScoped
public class HostService {

    private static final int CONFLICT_RETRIES = 3;

    private final EventStore store;
    private final Pool pool;
    private final ObjectMapper mapper;

    public HostService(EventStore store, Pool pool, ObjectMapper mapper) {
        this.store = store;
        this.pool = pool;
        this.mapper = mapper;
    }

    public Uni<HostCommandResult> handle(String hostId, Object command, EventMetadata metadata) {
        return Uni.createFrom().deferred(() -> {
            String stream = StreamIds.require(HostEvents.streamId(hostId));
            if (metadata.commandId() == null) {
                return decideAndAppend(hostId, stream, command, metadata, CONFLICT_RETRIES);
            }
            return store.appliedCommand(metadata.commandId()).flatMap(done -> done.isPresent()
                    ? Uni.createFrom().item(new HostCommandResult(hostId, done.get().lastVersion(),
                            List.of(), true))
                    : decideAndAppend(hostId, stream, command, metadata, CONFLICT_RETRIES));
        });
    }

    private Uni<HostCommandResult> decideAndAppend(String hostId, String stream, Object command,
            EventMetadata metadata, int retries) {
        return store.readStream(stream).flatMap(history -> {
            Host host = Host.replay(hostId, history.stream().map(store.types()::decode).toList());
            List<Object> events = host.decide(command);
            if (events.isEmpty()) {
                return Uni.createFrom().item(new HostCommandResult(hostId, host.version(), List.of(), false));
            }
            List<String> names = events.stream().map(e -> store.types().toNewEvent(e).type()).toList();
            return store.appendRecords(stream, ExpectedVersion.exactly(host.version()), events, metadata)
                    .map(r -> new HostCommandResult(hostId, r.lastVersion(), r.alreadyApplied() ? List.of() : names,
                            r.alreadyApplied()));
        }).onFailure(AppendConflict.class).recoverWithUni(conflict -> retries > 0
                ? decideAndAppend(hostId, stream, command, metadata, retries - 1)
                : Uni.createFrom().failure(conflict));
    }

    public Uni<List<HostView>> list() {
        return pool.query("SELECT view::text FROM host_view ORDER BY host_id").execute().map(rows -> {
            var views = new ArrayList<HostView>(rows.size());
            for (Row row : rows) {
                views.add(read(row.getString(0)));
            }
            return views;
        });
    }

    public Uni<HostView> inspect(String hostId) {
        return pool.preparedQuery("SELECT view::text FROM host_view WHERE host_id = $1").execute(Tuple.of(hostId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFound("no host " + hostId);
                    }
                    return read(rows.iterator().next().getString(0));
                });
    }

    private HostView read(String json) {
        try {
            return mapper.readValue(json, HostView.class);
        } catch (Exception e) {
            throw new IllegalStateException("host_view row is not a HostView: " + e.getMessage(), e);
        }
    }
}
