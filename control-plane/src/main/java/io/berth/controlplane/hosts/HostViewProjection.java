package io.berth.controlplane.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.controlplane.projections.Projection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code host_view} (one JSON {@link HostView} per host) from host events. A batch costs
 * three statements whatever its size: load the hosts it touches, fold in memory, upsert and
 * delete with arrays.
 */
@ApplicationScoped
public class HostViewProjection implements Projection {

    public static final String NAME = "hosts";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final EventTypeRegistry types;
    private final ObjectMapper mapper;

    public HostViewProjection(EventTypeRegistry types, ObjectMapper mapper) {
        this.types = types;
        this.mapper = mapper;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(SqlConnection tx, List<StoredEvent> batch) {
        Map<String, List<StoredEvent>> byHost = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            if (event.streamId().startsWith("host-") && types.knows(event.type(), event.schemaVersion())
                    && event.type().startsWith("host.")) {
                byHost.computeIfAbsent(event.streamId().substring(5), id -> new ArrayList<>()).add(event);
            }
        }
        if (byHost.isEmpty()) {
            return;
        }
        Map<String, HostView> views = new HashMap<>();
        for (Row row : tx.preparedQuery("SELECT host_id, view::text FROM host_view WHERE host_id = ANY($1)")
                .execute(Tuple.of(byHost.keySet().toArray(String[]::new))).await().atMost(WAIT)) {
            views.put(row.getString(0), read(row.getString(1)));
        }
        List<String> upsertIds = new ArrayList<>();
        List<String> upsertViews = new ArrayList<>();
        List<Long> upsertVersions = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        byHost.forEach((hostId, events) -> {
            HostView view = views.get(hostId);
            for (StoredEvent event : events) {
                view = HostView.apply(view, types.decode(event), event);
            }
            if (view == null) {
                deleted.add(hostId);
            } else {
                upsertIds.add(hostId);
                upsertViews.add(write(view));
                upsertVersions.add(view.version());
            }
        });
        if (!deleted.isEmpty()) {
            tx.preparedQuery("DELETE FROM host_view WHERE host_id = ANY($1)")
                    .execute(Tuple.of(deleted.toArray(String[]::new))).await().atMost(WAIT);
        }
        if (!upsertIds.isEmpty()) {
            tx.preparedQuery("""
                            INSERT INTO host_view (host_id, stream_version, view)
                            SELECT id, v, j::jsonb FROM unnest($1::text[], $2::bigint[], $3::text[]) AS u(id, v, j)
                            ON CONFLICT (host_id) DO UPDATE SET stream_version = EXCLUDED.stream_version,
                                view = EXCLUDED.view
                            """)
                    .execute(Tuple.of(upsertIds.toArray(String[]::new), upsertVersions.toArray(Long[]::new),
                            upsertViews.toArray(String[]::new)))
                    .await().atMost(WAIT);
        }
    }

    @Override
    public void reset(SqlConnection tx) {
        tx.query("DELETE FROM host_view").execute().await().atMost(WAIT);
    }

    HostView read(String json) {
        try {
            return mapper.readValue(json, HostView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("host_view holds a row that is not a HostView: " + e.getMessage(), e);
        }
    }

    private String write(HostView view) {
        try {
            return mapper.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
