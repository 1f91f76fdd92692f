package io.berth.controlplane.agents;

import io.berth.controlplane.api.ApiError;
import io.berth.controlplane.images.Uploads;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Agents fetch uploaded image archives here when told to import them (agent token required). */
@PermitAll // agents fetch uploads with their own credentials, checked here and not by the identity layer
@Path("/api/v1/agents/uploads")
public class UploadsResource {

    private final Uploads uploads;
    private final AgentToken token;

    public UploadsResource(Uploads uploads, AgentToken token) {
        this.uploads = uploads;
        this.token = token;
    }

    @GET
    @Path("/{uploadId}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "An uploaded archive, for the agent importing it")
    public Response fetch(@PathParam("uploadId") String uploadId, @HeaderParam("Authorization") String authorization) {
        if (!token.permits(authorization)) {
            return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("unauthorized", "agents must send Authorization: Bearer <agent token>"))
                    .build();
        }
        return Response.ok(uploads.existing(uploadId).toFile()).build();
    }
}
