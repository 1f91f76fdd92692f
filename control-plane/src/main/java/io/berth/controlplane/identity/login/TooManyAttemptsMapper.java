package io.berth.controlplane.identity.login;

import io.berth.controlplane.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 with {@code Retry-After} for a throttled login. */
public class TooManyAttemptsMapper {

    @ServerExceptionMapper
    public Response throttled(TooManyAttempts e) {
        return Response.status(Response.Status.TOO_MANY_REQUESTS).header("Retry-After", e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError("throttled", e.getMessage())).build();
    }
}
