package io.berth.controlplane.live;

import io.berth.controlplane.identity.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.limits.StreamSlots;
import io.berth.controlplane.eventstore.EventRejected;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.LogCursor;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.StoredEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * A resumable live stream of committed events as server-sent events: {@code id} = the event's
 * position, {@code event} = its type, {@code data} = the event as JSON. Events come in the
 * followers' (tx_id, position) order, so a client that reconnects with the last id it saw
 * (the {@code Last-Event-ID} header browsers send, or {@code ?since=}) gets every later event
 * exactly once — including events at lower positions that committed late.
 */
@Path("/api/v1/events/stream")
public class EventStreamResource {

    private final Pool pool;
    private final LogTail tail;
    private final LiveConfig config;
    private final ObjectMapper mapper;
    private final TransientState transientState;
    private final StreamSlots slots;

    public EventStreamResource(Pool pool, ObjectMapper mapper, LiveConfig config, TransientState transientState,
            StreamSlots slots) {
        this.slots = slots;
        this.pool = pool;
        this.transientState = transientState;
        this.mapper = mapper;
        this.config = config;
        this.tail = new LogTail(new EventRows(mapper));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @io.smallrye.common.annotation.Blocking
    @Operation(summary = "Committed events as server-sent events, after a position (0 = from the start; absent ="
            + " only new events). Resumes from Last-Event-ID. With transient=true, also task progress and hosts'"
            + " heartbeats as id-less messages named progress and heartbeats.")
    public Multi<OutboundSseEvent> stream(
            @QueryParam("since") @Parameter(description = "position of the last event already seen") String since,
            @QueryParam("transient") @Parameter(description = "also send task progress and hosts' last heartbeat"
                    + " (state, not events)") boolean withTransientState,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        String resumeFrom = lastEventId != null && !lastEventId.isBlank() ? lastEventId : since;
        // Resolved before the response starts, so a bad position is a 400, not a broken stream.
        LogCursor start = (resumeFrom == null || resumeFrom.isBlank() ? endOfLog() : cursorAt(resumeFrom))
                .await().atMost(java.time.Duration.ofSeconds(30));
        Multi<OutboundSseEvent> events = follow(start)
                .map(event -> sse.newEventBuilder().id(Long.toString(event.position())).name(event.type())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE).data(json(event)).build());
        // one stream slot of the user's, held until the client goes away
        return slots.held(withTransientState ? Multi.createBy().merging().streams(events, transientState.follow(sse))
                : events);
    }

    private Multi<StoredEvent> follow(LogCursor from) {
        var cursor = new AtomicReference<>(from);
        return Multi.createBy().repeating()
                .uni(() -> tail.read(pool, cursor.get(), config.batchSize())
                        .call(batch -> batch.isEmpty()
                                ? Uni.createFrom().voidItem().onItem().delayIt().by(config.pollInterval())
                                : Uni.createFrom().voidItem())
                        .invoke(batch -> {
                            if (!batch.isEmpty()) {
                                cursor.set(batch.get(batch.size() - 1).cursor());
                            }
                        }))
                .indefinitely()
                .onItem().transformToIterable(List::copyOf);
    }

    private Uni<LogCursor> cursorAt(String position) {
        long value;
        try {
            value = Long.parseLong(position.trim());
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(new EventRejected("since / Last-Event-ID must be an event position, got '"
                    + position + "'"));
        }
        if (value < 0) {
            return Uni.createFrom().failure(new EventRejected("since must be an event position >= 0, got " + value));
        }
        return LogTail.cursorAt(pool, value).onItem().ifNull().failWith(() ->
                new EventRejected("no event at position " + value + " to resume after"));
    }

    /** After the last event a follower could read now: the stream then carries only new events. */
    private Uni<LogCursor> endOfLog() {
        return pool.query("SELECT tx_id::text, position FROM events"
                        + " WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                        + " ORDER BY events.tx_id DESC, events.position DESC LIMIT 1").execute()
                .map(rows -> rows.size() == 0 ? LogCursor.START
                        : new LogCursor(Long.parseUnsignedLong(rows.iterator().next().getString(0)),
                                rows.iterator().next().getLong(1)));
    }

    private String json(StoredEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
