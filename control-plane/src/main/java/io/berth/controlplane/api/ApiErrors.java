package io.berth.controlplane.api;

import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventRejected;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps domain failures to 4xx answers with an {@link ApiError} body; never a stack trace. */
public class ApiErrors {

    @ServerExceptionMapper
    public Response conflict(AppendConflict e) {
        return answer(Response.Status.CONFLICT, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response rejected(EventRejected e) {
        return e.tooLarge()
                ? answer(Response.Status.REQUEST_ENTITY_TOO_LARGE, "too-large", e.getMessage())
                : answer(Response.Status.BAD_REQUEST, "invalid", e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(CommandRefused e) {
        return answer(Response.Status.CONFLICT, "refused", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidCommand e) {
        return answer(Response.Status.BAD_REQUEST, "invalid", e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return answer(Response.Status.NOT_FOUND, "not-found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(HostUnavailable e) {
        return answer(Response.Status.SERVICE_UNAVAILABLE, "host-unavailable", e.getMessage());
    }

    static Response answer(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message))
                .build();
    }
}
