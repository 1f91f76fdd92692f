package io.berth.controlplane.eventstore;

import io.berth.controlplane.identity.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.controlplane.api.RequestMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Low-level access to streams, for tools and imports: events appended here are still checked
 * against the type registry, but bypass the aggregates' decisions. Applications use the
 * resource of their domain (e.g. {@code /api/v1/hosts}).
 */
@Path("/api/v1/streams/{streamId}")
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

    /** A request to append: the expected version ({@code "any"}, 0 for a new stream, or N) and events. */
    public record AppendRequest(ExpectedVersion expectedVersion, List<EventBody> events) {
    }

    public record EventBody(String type, Integer schemaVersion, JsonNode data) {
    }

    @Inject
    EventStore store;
    @Inject
    RequestMetadata request;

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Events of one stream from a version on")
    public Uni<List<StoredEvent>> readStream(@PathParam("streamId") String streamId,
            @QueryParam("from") @DefaultValue("1") long from, @QueryParam("limit") @DefaultValue("1000") int limit) {
        return store.readStream(streamId, from, Math.max(1, Math.min(limit, 10_000)));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append events to one stream at an expected version")
    @APIResponse(responseCode = "200", description = "Appended, or the earlier result of the same Idempotency-Key")
    @APIResponse(responseCode = "400", description = "Unknown event type, data that does not fit it, malformed stream id")
    @APIResponse(responseCode = "409", description = "The stream is not at the expected version")
    @APIResponse(responseCode = "413", description = "An event's data is over the size limit")
    public Uni<AppendResult> appendToStream(@PathParam("streamId") String streamId, AppendRequest body) {
        if (body == null || body.events() == null) {
            throw new EventRejected("body must be {\"expectedVersion\": \"any\"|N, \"events\": [...]}");
        }
        List<NewEvent> events = body.events().stream()
                .map(e -> e == null ? null
                        : new NewEvent(e.type(), e.schemaVersion() == null ? 1 : e.schemaVersion(), e.data()))
                .toList();
        ExpectedVersion expected = body.expectedVersion() == null ? ExpectedVersion.any() : body.expectedVersion();
        return store.append(streamId, expected, events, request.metadata());
    }
}
