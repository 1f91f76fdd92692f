package io.berth.controlplane.enrollment;

import io.berth.controlplane.api.RequestMetadata;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Admins issue the one-time tokens agents enroll with. */
@Path("/api/v1/hosts/enrollment-tokens")
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentTokensResource {

    /**
     * @param expiresInSeconds how long the token may be used (default {@code berth.agents.enrollment-token-ttl})
     * @param hostId           restrict the token to this host id (e.g. to re-enroll one host)
     * @param labels           labels the enrolled agent adds to its own
     */
    public record IssueEnrollmentToken(Long expiresInSeconds, String hostId, Map<String, String> labels) {
    }

    private final EnrollmentTokens tokens;
    private final RequestMetadata request;

    public EnrollmentTokensResource(EnrollmentTokens tokens, RequestMetadata request) {
        this.tokens = tokens;
        this.request = request;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Issue a one-time enrollment token for an agent (shown once, stored hashed)")
    @APIResponse(responseCode = "201", description = "The token and when it expires")
    @APIResponse(responseCode = "400", description = "Expiry out of range, malformed host id or labels")
    public Uni<Response> issueEnrollmentToken(IssueEnrollmentToken body) {
        IssueEnrollmentToken command = body == null ? new IssueEnrollmentToken(null, null, null) : body;
        return tokens.issue(command.expiresInSeconds(), command.hostId(), command.labels(), request.metadata())
                .map(issued -> Response.status(Response.Status.CREATED).entity(issued).build());
    }
}
