package io.berth.controlplane.audit;

import io.berth.controlplane.identity.Roles;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AuditResource {

    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @RolesAllowed(Roles.VIEWER)
    @GET
    @Path("/verify")
    @Operation(summary = "Walk every stream's hash chain and every log checkpoint; name the first event that does"
            + " not match. Reads the whole log: seconds per million events.")
    public VerifyReport verify() {
        return audit.verify();
    }
}
