package io.berth.controlplane.containers;

import io.berth.controlplane.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A request asked for something only an admin may do; the denial is already recorded: 403. */
public class AdminRequired extends RuntimeException {

    public AdminRequired(String message) {
        super(message);
    }

    /** The 403 answer, with the same {@link ApiError} body as every other refusal. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response forbidden(AdminRequired e) {
            return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("forbidden", e.getMessage())).build();
        }
    }
}
