package io.berth.controlplane.agents;

import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.api.RequestMetadata;
import io.berth.controlplane.limits.StreamSlots;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.smallrye.common.annotation.Blocking;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** A container's log, non-interactive exec and diff, relayed from its host over the agent channel. */
@Path("/api/v1/containers/{id}")
public class ContainerStreamsResource {

    /** Body of exec. */
    public record ExecRequest(List<String> cmd, List<String> env, String workdir, String user, Boolean tty) {
    }

    private final ContainerStreams streams;
    private final ContainerDiffs diffs;
    private final RequestMetadata request;
    private final StreamSlots slots;

    public ContainerStreamsResource(ContainerStreams streams, ContainerDiffs diffs, RequestMetadata request,
            StreamSlots slots) {
        this.slots = slots;
        this.streams = streams;
        this.diffs = diffs;
        this.request = request;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/diff")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The container's filesystem changes against its image, as docker diff lists them",
            description = "Read from the container's read-write layer on its host (running or stopped, not"
                    + " removed): each changed path with kind added, changed or deleted, sorted by path; parent"
                    + " directories of added or deleted paths show as changed. 404 when the container is unknown"
                    + " (or its host does not have it), 409 when it is not on a host or was removed, 503 when its"
                    + " host's agent is not connected or does not answer within timeout seconds.")
    public List<ContainerDiffs.PathChange> diff(@PathParam("id") String id,
            @QueryParam("timeout") @DefaultValue("10") int timeout) {
        return diffs.of(id, Duration.ofSeconds(Math.max(1, Math.min(timeout, 300))));
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Blocking
    @Path("/logs")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The container's log as text, streamed (follow: until the container stops)")
    public Multi<String> logs(@PathParam("id") String id, @QueryParam("tail") @DefaultValue("-1") int tail,
            @QueryParam("since") String since, @QueryParam("follow") boolean follow,
            @QueryParam("stdout") @DefaultValue("true") boolean stdout,
            @QueryParam("stderr") @DefaultValue("true") boolean stderr,
            @QueryParam("timestamps") boolean timestamps) {
        return followed(follow, streams.logs(id, tail, since, follow, stdout, stderr))
                .map(e -> (timestamps && e.timestamp() != null ? e.timestamp() + " " : "") + e.text() + "\n");
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Blocking
    @Path("/logs")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The container's log as server-sent events, one line each")
    public Multi<ContainerStreams.LogEntry> logEvents(@PathParam("id") String id,
            @QueryParam("tail") @DefaultValue("-1") int tail, @QueryParam("since") String since,
            @QueryParam("follow") boolean follow, @QueryParam("stdout") @DefaultValue("true") boolean stdout,
            @QueryParam("stderr") @DefaultValue("true") boolean stderr) {
        return followed(follow, streams.logs(id, tail, since, follow, stdout, stderr));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/exec")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a command in the container and return its output and exit code")
    public ContainerStreams.ExecResult exec(@PathParam("id") String id, ExecRequest body,
            @QueryParam("timeout") @DefaultValue("60") int timeout) {
        ExecRequest r = body == null ? new ExecRequest(null, null, null, null, null) : body;
        return streams.exec(id, r.cmd(), r.env(), r.workdir(), r.user(), Boolean.TRUE.equals(r.tty()),
                Duration.ofSeconds(Math.max(1, Math.min(timeout, 3600))), request.metadata());
    }

    /** A followed log holds one of the user's stream slots until it ends. */
    private <T> Multi<T> followed(boolean follow, Multi<T> log) {
        return follow ? slots.held(log) : log;
    }
}
