package io.berth.controlplane.limits;

import io.berth.controlplane.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The user already holds as many open streams as they may: 429. */
public class TooManyStreams extends RuntimeException {

    public TooManyStreams(String message) {
        super(message);
    }

    /** The 429 answer, with the house error body. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response tooMany(TooManyStreams e) {
            return Response.status(Response.Status.TOO_MANY_REQUESTS).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("too-many-streams", e.getMessage())).build();
        }
    }
}
