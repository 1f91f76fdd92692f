package io.berth.controlplane.agents;

import io.berth.controlplane.api.ApiError;
import io.berth.controlplane.enrollment.HostCredentials;
import io.berth.controlplane.images.Uploads;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Agents fetch uploaded image archives here when told to import them, with their host
 * credential ({@code Authorization: Bearer …}); anything else is 401.
 */
@PermitAll // agents fetch uploads with their own credentials, checked here and not by the identity layer
@Path("/api/v1/agents/uploads")
public class UploadsResource {

    private final Uploads uploads;
    private final HostCredentials credentials;

    public UploadsResource(Uploads uploads, HostCredentials credentials) {
        this.uploads = uploads;
        this.credentials = credentials;
    }

    @GET
    @Path("/{uploadId}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "An uploaded archive, for the agent importing it")
    public Uni<Response> fetch(@PathParam("uploadId") String uploadId,
            @HeaderParam("Authorization") String authorization) {
        return credentials.authenticate(authorization).map(credential -> credential.isEmpty()
                ? Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError("unauthorized",
                                "agents must send Authorization: Bearer <their current host credential>"))
                        .build()
                : Response.ok(uploads.existing(uploadId).toFile()).build());
    }
}
