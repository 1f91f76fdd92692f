package io.berth.controlplane.enrollment;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.api.InvalidCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/agents/enroll}: an agent trades a one-time enrollment token for its host
 * credential. No user authentication: the token in the body is the authentication.
 */
@Path("/api/v1/agents/enroll")
@Produces(MediaType.APPLICATION_JSON)
public class AgentEnrollmentResource {

    public record EnrollAgent(String enrollmentToken, String hostId) {
    }

    private final EnrollmentTokens tokens;

    public AgentEnrollmentResource(EnrollmentTokens tokens) {
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Enroll an agent: its host credential, returned once")
    @APIResponse(responseCode = "200", description = "hostId, generation, credential, labels")
    @APIResponse(responseCode = "400", description = "Missing token or malformed host id")
    @APIResponse(responseCode = "401", description = "Unknown, wrong or expired enrollment token")
    @APIResponse(responseCode = "403", description = "The token is for another host")
    @APIResponse(responseCode = "409", description = "The token was already used")
    public Uni<EnrollmentTokens.Enrolled> enroll(EnrollAgent body, @Context HttpServerRequest request) {
        if (body == null) {
            throw new InvalidCommand("body must be {\"enrollmentToken\": …, \"hostId\": …}");
        }
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return tokens.enroll(body.enrollmentToken(), body.hostId(),
                new EventMetadata("agent:" + body.hostId(), "agent", address, null, null, null));
    }
}
