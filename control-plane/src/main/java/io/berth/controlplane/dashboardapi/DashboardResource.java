package io.berth.controlplane.dashboardapi;

import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.eventstore.StoredEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Reads the dashboard needs beyond the fleet's own resources: live start, audit trail, lineage. */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class DashboardResource {

    /** {@code position}: pass as {@code since} to {@code /api/v1/events/stream}, then load the lists. */
    public record LiveStart(long position) {
    }

    /** Query parameters of the audit listing and export. */
    public static class AuditQuery {
        @QueryParam("actor") String actor;
        @QueryParam("action") String action;
        @QueryParam("image") String image;
        @QueryParam("container") String container;
        @QueryParam("host") String host;
        @QueryParam("from") String from;
        @QueryParam("to") String to;
        @QueryParam("before") Long before;

        AuditFilter filter() {
            return new AuditFilter(actor, action, image, container, host, from, to, before);
        }
    }

    private final AuditEvents audit;
    private final ImageLineage lineage;
    private final LivePosition live;

    public DashboardResource(AuditEvents audit, ImageLineage lineage, LivePosition live) {
        this.audit = audit;
        this.lineage = lineage;
        this.live = live;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/live-start")
    @Operation(summary = "Where to start the live stream before loading hosts, containers and images")
    public LiveStart liveStart() {
        return new LiveStart(live.position());
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/audit")
    @Operation(summary = "Committed events newest first, filtered by actor, action (type or prefix ending in '.'),"
            + " image, container, host and time; page with before=<last position>")
    @APIResponse(responseCode = "400", description = "A bad time or limit")
    public List<StoredEvent> auditEvents(@BeanParam AuditQuery query,
            @QueryParam("limit") @DefaultValue("200") int limit) {
        return audit.find(query.filter(), limit);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/audit/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "The filtered audit trail as a download: format=csv or json (at most berth.limits.max-page-size"
            + " events, 10000 by default; page on with before=)")
    public Response exportAudit(@BeanParam AuditQuery query, @QueryParam("format") @DefaultValue("csv") String format,
            @QueryParam("limit") @DefaultValue("10000") int limit) {
        List<StoredEvent> events = audit.find(query.filter(), limit);
        if ("json".equalsIgnoreCase(format)) {
            return Response.ok(events, MediaType.APPLICATION_JSON_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"berth-audit.json\"").build();
        }
        if (!"csv".equalsIgnoreCase(format)) {
            throw new io.berth.controlplane.api.InvalidCommand("format must be csv or json, got '" + format + "'");
        }
        var csv = new StringBuilder(AuditEvents.CSV_HEADER);
        events.forEach(e -> csv.append(AuditEvents.csvLine(e)));
        return Response.ok(csv.toString(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"berth-audit.csv\"").build();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/lineage")
    @Operation(summary = "Images as a graph: commits (parent → image, from which container, by whom) and tags")
    public ImageLineage.Graph imageLineage() {
        return lineage.graph();
    }
}
