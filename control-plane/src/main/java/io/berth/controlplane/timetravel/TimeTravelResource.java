package io.berth.controlplane.timetravel;

import io.berth.controlplane.identity.Roles;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.api.InvalidCommand;
import io.smallrye.common.annotation.Blocking;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The fleet as it was at a past position or time, rebuilt from the log on each request: every
 * committed event at or below the position (or recorded at or before the time) is folded in the
 * followers' (tx_id, position) order by {@link FleetAsOf}. Only fleet events are read (host,
 * container and image streams), in pages, so the cost is one pass over that part of the log.
 */
@Path("/api/v1/timetravel")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TimeTravelResource {

    private static final int PAGE = 5000;
    private static final String TYPES = "(event_type LIKE 'host.%' OR event_type LIKE 'container.%'"
            + " OR event_type LIKE 'image.%')";

    private final Pool pool;
    private final ObjectMapper mapper;

    public TimeTravelResource(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/fleet")
    @Operation(summary = "Hosts, containers and images as they were at a position (position=N) or a time (at=ISO-8601)")
    @APIResponse(responseCode = "400", description = "Neither or both of position and at, or a bad time")
    public FleetSnapshot fleetAsOf(@QueryParam("position") Long position, @QueryParam("at") String at) {
        if ((position == null) == (at == null || at.isBlank())) {
            throw new InvalidCommand("give exactly one of position=<event position> or at=<ISO-8601 time>");
        }
        String bound;
        Object limit;
        if (position != null) {
            if (position < 0) {
                throw new InvalidCommand("position must be >= 0, got " + position);
            }
            bound = "position <= $3";
            limit = position;
        } else {
            bound = "recorded_at <= $3";
            limit = time(at);
        }
        var fleet = new FleetAsOf();
        String txCursor = "0";
        long posCursor = 0;
        String sql = "SELECT tx_id::text, position, event_type, data::text, recorded_at FROM events"
                + " WHERE (tx_id, position) > ($1::text::xid8, $2) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                + " AND " + bound + " AND " + TYPES + " ORDER BY events.tx_id, events.position LIMIT " + PAGE;
        while (true) {
            int n = 0;
            for (Row row : pool.preparedQuery(sql).execute(Tuple.of(txCursor, posCursor, limit)).await()
                    .atMost(Duration.ofSeconds(60))) {
                n++;
                txCursor = row.getString(0);
                posCursor = row.getLong(1);
                try {
                    fleet.apply(row.getString(2), mapper.readTree(row.getString(3)), posCursor,
                            row.getOffsetDateTime(4).toInstant());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("event at position " + posCursor + " is not JSON", e);
                }
            }
            if (n < PAGE) {
                break;
            }
        }
        return fleet.snapshot(position != null ? "position=" + position : "at=" + at);
    }

    private static OffsetDateTime time(String value) {
        try {
            return OffsetDateTime.ofInstant(Instant.parse(value.trim()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value.trim());
            } catch (DateTimeParseException again) {
                throw new InvalidCommand("at must be an ISO-8601 time such as 2025-01-31T12:00:00Z, got '" + value
                        + "'");
            }
        }
    }
}
