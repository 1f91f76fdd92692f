package io.berth.controlplane.enrollment;

import io.berth.controlplane.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * An enrollment the control plane will not do: unknown or wrong token (401), expired (401),
 * already used (409), or bound to another host (403). The message says which.
 */
public class EnrollmentRefused extends RuntimeException {

    private final Response.Status status;
    private final String code;

    EnrollmentRefused(Response.Status status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static EnrollmentRefused unauthorized(String message) {
        return new EnrollmentRefused(Response.Status.UNAUTHORIZED, "unauthorized", message);
    }

    static EnrollmentRefused used(String message) {
        return new EnrollmentRefused(Response.Status.CONFLICT, "token-used", message);
    }

    static EnrollmentRefused forbidden(String message) {
        return new EnrollmentRefused(Response.Status.FORBIDDEN, "forbidden", message);
    }

    /** Maps the refusal to its status with an {@link ApiError} body. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response map(EnrollmentRefused e) {
            return Response.status(e.status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(e.code, e.getMessage())).build();
        }
    }
}
