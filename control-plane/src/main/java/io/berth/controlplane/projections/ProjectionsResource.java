package io.berth.controlplane.projections;

import io.berth.controlplane.identity.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/projections")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ProjectionsResource {

    private final ProjectionRunner runner;

    public ProjectionsResource(ProjectionRunner runner) {
        this.runner = runner;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Every projection's checkpoint and lag behind the head of the log")
    public List<ProjectionStatus> listProjections() {
        return runner.status();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{name}")
    @Operation(summary = "One projection's checkpoint and lag")
    public ProjectionStatus inspectProjection(@PathParam("name") String name) {
        runner.status();
        return runner.status(name);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{name}/rebuild")
    @Operation(summary = "Empty the view and rebuild it from the first event; answers when the reset is committed")
    @APIResponse(responseCode = "202", description = "Reset; the projection is catching up")
    @APIResponse(responseCode = "404", description = "No such projection")
    public Response rebuildProjection(@PathParam("name") String name) {
        runner.rebuild(name);
        return Response.accepted(runner.status(name)).build();
    }
}
