package io.berth.controlplane.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.berth.controlplane.eventstore.StoredEvent;
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
 * Builds {@code container_view} (one row per container not removed) from container events. A
 * batch costs three statements: load the containers it touches, fold in memory, upsert/delete.
 */
@ApplicationScoped
public class ContainerViewProjection {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PREFIX = "container-";

    private final EventTypeRegistry types;
    private final ObjectMapper mapper;

    public ContainerViewProjection(EventTypeRegistry types, ObjectMapper mapper) {
        this.types = types;
        this.mapper = mapper;
    }

    public void apply(SqlConnection tx, List<StoredEvent> batch) {
        Map<String, List<StoredEvent>> byContainer = new LinkedHashMap<>();
        for (StoredEvent event : batch) {
            if (event.streamId().startsWith(PREFIX) && ContainerIds.ID.matcher(event.streamId().substring(PREFIX
                    .length())).matches() && types.knows(event.type(), event.schemaVersion())) {
                byContainer.computeIfAbsent(event.streamId().substring(PREFIX.length()), id -> new ArrayList<>())
                        .add(event);
            }
        }
        if (byContainer.isEmpty()) {
            return;
        }
        Map<String, ContainerView> views = new HashMap<>();
        for (Row row : tx.preparedQuery("SELECT container_id, view::text FROM container_view WHERE container_id = ANY($1)")
                .execute(Tuple.of(byContainer.keySet().toArray(String[]::new))).await().atMost(WAIT)) {
            views.put(row.getString(0), read(row.getString(1)));
        }
        var deleted = new ArrayList<String>();
        var upserts = new ArrayList<ContainerView>();
        byContainer.forEach((id, events) -> {
            ContainerView view = views.get(id);
            for (StoredEvent event : events) {
                view = ContainerView.apply(view, types.decode(event), event);
            }
            if (view == null || "removed".equals(view.state())) {
                deleted.add(id);
            } else {
                upserts.add(view);
            }
        });
        if (!deleted.isEmpty()) {
            tx.preparedQuery("DELETE FROM container_view WHERE container_id = ANY($1)")
                    .execute(Tuple.of(deleted.toArray(String[]::new))).await().atMost(WAIT);
        }
        if (!upserts.isEmpty()) {
            tx.preparedQuery("""
                            INSERT INTO container_view (container_id, name, host_id, state, image, memory_bytes, labels,
                                                        stream_version, view)
                            SELECT id, n, h, s, i, m, l::jsonb, v, j::jsonb
                            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
                                        $7::text[], $8::bigint[], $9::text[]) AS u(id, n, h, s, i, m, l, v, j)
                            ON CONFLICT (container_id) DO UPDATE SET name = EXCLUDED.name, host_id = EXCLUDED.host_id,
                                state = EXCLUDED.state, image = EXCLUDED.image, memory_bytes = EXCLUDED.memory_bytes,
                                labels = EXCLUDED.labels, stream_version = EXCLUDED.stream_version, view = EXCLUDED.view
                            """)
                    .execute(Tuple.tuple(List.of(
                            upserts.stream().map(ContainerView::id).toArray(String[]::new),
                            upserts.stream().map(ContainerView::name).toArray(String[]::new),
                            upserts.stream().map(ContainerView::hostId).toArray(String[]::new),
                            upserts.stream().map(ContainerView::state).toArray(String[]::new),
                            upserts.stream().map(ContainerView::image).toArray(String[]::new),
                            upserts.stream().map(v -> v.spec() == null ? 0L : v.spec().memoryBytes()).toArray(Long[]::new),
                            upserts.stream().map(v -> write(v.labels())).toArray(String[]::new),
                            upserts.stream().map(ContainerView::version).toArray(Long[]::new),
                            upserts.stream().map(this::write).toArray(String[]::new))))
                    .await().atMost(WAIT);
        }
    }

    public void reset(SqlConnection tx) {
        tx.query("DELETE FROM container_view").execute().await().atMost(WAIT);
    }

    ContainerView read(String json) {
        try {
            return mapper.readValue(json, ContainerView.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("container_view holds a row that is not a ContainerView: "
                    + e.getMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
