package io.berth.controlplane.containers;

import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.RequestMetadata;
import io.berth.controlplane.containers.ContainerCommands.*;
import io.berth.controlplane.eventstore.StoredEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Containers across the fleet. Commands answer with a {@link CommandReceipt} (command id, events
 * with positions) and accept {@code Idempotency-Key}; {@code ?wait=running|exited|removed}
 * follows the container's stream until that state (or {@code timeout} seconds). A container is
 * named by its id, a unique id prefix, or its name.
 */
@Path("/api/v1/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainersResource {

    /** Body of commit. */
    public record CommitRequest(String repository, String tag, String author, String message, List<String> changes) {
    }

    private final ContainerService containers;
    private final RequestMetadata request;

    public ContainersResource(ContainerService containers, RequestMetadata request) {
        this.containers = containers;
        this.request = request;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a container (docker run): place, create and start it")
    @APIResponse(responseCode = "201", description = "Accepted: the command id and the events appended")
    @APIResponse(responseCode = "400", description = "Invalid options, name or JSON")
    @APIResponse(responseCode = "404", description = "Unknown image or host")
    @APIResponse(responseCode = "409", description = "Name taken, or no host fits (the message says why)")
    public Response runContainer(RunRequest body, @QueryParam("wait") String wait,
            @QueryParam("timeout") @DefaultValue("30") int timeout) {
        CommandReceipt receipt = containers.await(containers.run(body, request.metadata()), wait, timeout(timeout));
        return Response.status(Response.Status.CREATED).entity(receipt).build();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Containers not removed; filters combine")
    public List<ContainerView> listContainers(@QueryParam("host") String host, @QueryParam("state") String state,
            @QueryParam("label") @Parameter(description = "key or key=value") String label,
            @QueryParam("image") String image, @QueryParam("name") String name) {
        return containers.list(host, state, label, image, name);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}")
    @Operation(summary = "One container, as its stream has it now")
    @APIResponse(responseCode = "404", description = "No such container")
    public ContainerView inspectContainer(@PathParam("id") String id) {
        return containers.inspect(id);
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{id}/events")
    @Operation(summary = "The container's events in order, with actor, source and positions")
    public List<StoredEvent> containerEvents(@PathParam("id") String id) {
        return containers.history(id);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start a created or exited container")
    public CommandReceipt startContainer(@PathParam("id") String id, @QueryParam("wait") String wait,
            @QueryParam("timeout") @DefaultValue("30") int timeout) {
        return command(id, new StartContainer(), wait, timeout);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/stop")
    @Operation(summary = "Stop: the stop signal, then SIGKILL after t seconds")
    public CommandReceipt stopContainer(@PathParam("id") String id, @QueryParam("t") Integer seconds,
            @QueryParam("wait") String wait, @QueryParam("timeout") @DefaultValue("30") int timeout) {
        return command(id, new StopContainer(seconds), wait, timeout);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/restart")
    @Operation(summary = "Restart")
    public CommandReceipt restartContainer(@PathParam("id") String id, @QueryParam("t") Integer seconds,
            @QueryParam("wait") String wait, @QueryParam("timeout") @DefaultValue("30") int timeout) {
        return command(id, new RestartContainer(seconds), wait, timeout);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/kill")
    @Operation(summary = "Send a signal (default KILL)")
    public CommandReceipt killContainer(@PathParam("id") String id, @QueryParam("signal") String signal,
            @QueryParam("wait") String wait, @QueryParam("timeout") @DefaultValue("30") int timeout) {
        return command(id, new KillContainer(signal), wait, timeout);
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove (force: kill a running container first)")
    @APIResponse(responseCode = "409", description = "Running and not forced")
    public CommandReceipt removeContainer(@PathParam("id") String id, @QueryParam("force") boolean force,
            @QueryParam("wait") String wait, @QueryParam("timeout") @DefaultValue("30") int timeout) {
        return command(id, new RemoveContainer(force), wait, timeout);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/commit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Commit the container's changes to a new image on its host")
    public CommandReceipt commitContainer(@PathParam("id") String id, CommitRequest body) {
        CommitRequest c = body == null ? new CommitRequest(null, null, null, null, null) : body;
        String reference = null;
        if (c.repository() != null && !c.repository().isBlank()) {
            reference = c.repository() + ":" + (c.tag() == null || c.tag().isBlank() ? "latest" : c.tag());
            io.berth.controlplane.images.ImageReferences.normalize(reference);
        }
        return containers.handle(id, new CommitContainer(reference, c.author(), c.message(), c.changes()),
                request.metadata());
    }

    private CommandReceipt command(String id, Object command, String wait, int timeout) {
        return containers.await(containers.handle(id, command, request.metadata()), wait, timeout(timeout));
    }

    private static Duration timeout(int seconds) {
        if (seconds < 0 || seconds > 600) {
            throw new InvalidCommand("timeout must be 0-600 seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
