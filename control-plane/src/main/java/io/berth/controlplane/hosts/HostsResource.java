package io.berth.controlplane.hosts;

import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.RequestMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.hosts.DrainHost;
import io.berth.protocol.hosts.MarkHostBack;
import io.berth.protocol.hosts.MarkHostLost;
import io.berth.protocol.hosts.RegisterHost;
import io.berth.protocol.hosts.RemoveHost;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The fleet's hosts. Commands answer with the stream version they produced and accept an
 * {@code Idempotency-Key} header; a repeated key returns the earlier result. Lists and inspect
 * read the hosts projection.
 */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostsResource {

    /** Optional body of drain and lost. */
    public record Reason(String reason) {
    }

    private final HostService hosts;
    private final EventStore store;
    private final RequestMetadata request;

    public HostsResource(HostService hosts, EventStore store, RequestMetadata request) {
        this.hosts = hosts;
        this.store = store;
        this.request = request;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Hosts that are registered and not removed")
    public Uni<List<HostView>> listHosts() {
        return hosts.list();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{hostId}")
    @Operation(summary = "One host")
    @APIResponse(responseCode = "404", description = "No such host (or the projection has not caught up yet)")
    public Uni<HostView> inspectHost(@PathParam("hostId") String hostId) {
        return hosts.inspect(hostId);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{hostId}/events")
    @Operation(summary = "The host's history, oldest first")
    public Uni<List<StoredEvent>> hostHistory(@PathParam("hostId") String hostId) {
        return store.readStream(HostEvents.streamId(hostId));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a host, or update its labels, capacity and versions")
    @APIResponse(responseCode = "400", description = "Missing name or capacity, malformed host id")
    @APIResponse(responseCode = "409", description = "The host was removed")
    public Uni<HostCommandResult> registerHost(RegisterHost command) {
        if (command == null || command.hostId() == null) {
            throw new InvalidCommand("body must be a RegisterHost with hostId, name, labels, capacity and versions");
        }
        return hosts.handle(command.hostId(), command, request.metadata());
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{hostId}/drain")
    @Operation(summary = "Stop placing containers on the host")
    public Uni<HostCommandResult> drainHost(@PathParam("hostId") String hostId, Reason body) {
        return hosts.handle(hostId, new DrainHost(hostId, body == null ? null : body.reason()), request.metadata());
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{hostId}/lost")
    @Operation(summary = "Mark the host lost (its agent stopped reporting)")
    public Uni<HostCommandResult> markHostLost(@PathParam("hostId") String hostId, Reason body) {
        return hosts.handle(hostId, new MarkHostLost(hostId, body == null ? null : body.reason()), request.metadata());
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{hostId}/back")
    @Operation(summary = "Mark a lost host back")
    public Uni<HostCommandResult> markHostBack(@PathParam("hostId") @Parameter(description = "host id") String hostId) {
        return hosts.handle(hostId, new MarkHostBack(hostId), request.metadata());
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("/{hostId}")
    @Operation(summary = "Remove a drained or lost host")
    @APIResponse(responseCode = "409", description = "The host is still active")
    public Uni<HostCommandResult> removeHost(@PathParam("hostId") String hostId) {
        return hosts.handle(hostId, new RemoveHost(hostId), request.metadata());
    }
}
