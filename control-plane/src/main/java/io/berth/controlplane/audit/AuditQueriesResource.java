package io.berth.controlplane.audit;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The audit questions over REST, newest first, as JSON or ({@code format=csv}) a CSV download.
 * Every row carries its event's position, stream, version and hash: {@code GET
 * /api/v1/audit/verify} checks the whole chain, and a row is genuine when the event at that
 * stream and version has that hash (see docs/identity.md, "Audit queries").
 */
@Path("/api/v1/audit")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@Blocking
@RolesAllowed(Roles.VIEWER)
public class AuditQueriesResource {

    private static final int DEFAULT_LIMIT = 200;

    private final AuditQueries queries;

    public AuditQueriesResource(AuditQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/runs")
    @Operation(summary = "Who ran which image: container.created events, by image (any spelling of a reference, an"
            + " image id or a manifest digest) and actor")
    @APIResponse(responseCode = "400", description = "A bad reference, time, limit or format")
    public Response runs(@QueryParam("image") String image, @QueryParam("actor") String actor,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("before") Long before,
            @QueryParam("limit") Integer limit, @QueryParam("format") String format) {
        AuditPage page = AuditPage.of(from, to, before, limit, DEFAULT_LIMIT);
        return answer(format, "berth-runs", queries.runs(image, actor, page), AuditCsv::runs);
    }

    @GET
    @Path("/commits")
    @Operation(summary = "Who committed what: each commit with the actor who asked, the new image, and the container"
            + " and image it was made from; by actor, image and container")
    @APIResponse(responseCode = "400", description = "A bad reference, time, limit or format")
    public Response commits(@QueryParam("actor") String actor, @QueryParam("image") String image,
            @QueryParam("container") String container, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("before") Long before, @QueryParam("limit") Integer limit,
            @QueryParam("format") String format) {
        AuditPage page = AuditPage.of(from, to, before, limit, DEFAULT_LIMIT);
        return answer(format, "berth-commits", queries.commits(actor, image, container, page), AuditCsv::commits);
    }

    @GET
    @Path("/actors/{actor}/events")
    @Operation(summary = "Everything one user (or agent:<host>) did between from and to: the events they appended")
    @APIResponse(responseCode = "400", description = "A bad time, limit or format")
    public Response actorEvents(@PathParam("actor") String actor, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("before") Long before, @QueryParam("limit") Integer limit,
            @QueryParam("format") String format) {
        AuditPage page = AuditPage.of(from, to, before, limit, DEFAULT_LIMIT);
        return answer(format, "berth-actor", queries.byActor(actor, page), AuditCsv::events);
    }

    @GET
    @Path("/hosts/{hostId}/events")
    @Operation(summary = "Everything that touched a host: its own stream and every event naming it")
    @APIResponse(responseCode = "400", description = "A bad time, limit or format")
    public Response hostEvents(@PathParam("hostId") String hostId, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("before") Long before, @QueryParam("limit") Integer limit,
            @QueryParam("format") String format) {
        AuditPage page = AuditPage.of(from, to, before, limit, DEFAULT_LIMIT);
        return answer(format, "berth-host", queries.byHost(hostId, page), AuditCsv::events);
    }

    private static <T> Response answer(String format, String file, List<T> rows, Function<List<T>, String> csv) {
        if (format == null || format.isBlank() || format.equalsIgnoreCase("json")) {
            return Response.ok(rows, MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (!format.equalsIgnoreCase("csv")) {
            throw new InvalidCommand("format must be json or csv, got '" + format + "'");
        }
        return Response.ok(csv.apply(rows), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"").build();
    }
}
