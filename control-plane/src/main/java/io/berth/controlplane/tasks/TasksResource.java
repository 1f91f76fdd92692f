package io.berth.controlplane.tasks;

import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Progress of long work on hosts (imports, commits) by the command id a receipt gave. Live on
 * the dashboard's event stream too ({@code /api/v1/events/stream?transient=true}).
 */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private final TaskProgressStore tasks;

    public TasksResource(TaskProgressStore tasks) {
        this.tasks = tasks;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Operation(summary = "Tasks running now and finished in the last minutes, newest first")
    public List<TaskView> list() {
        return tasks.all();
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/{commandId}")
    @Operation(summary = "One command's progress: phase, bytes and items done of total, and its outcome once done")
    @APIResponse(responseCode = "404", description = "The host has not reported progress for it (yet), or it was"
            + " forgotten")
    public TaskView get(@PathParam("commandId") String commandId) {
        return tasks.get(commandId).orElseThrow(() -> new NotFound("no progress known for command " + commandId
                + ": its host has not reported any yet, or the task finished more than the retention ago"));
    }
}
