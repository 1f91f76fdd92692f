package io.berth.controlplane.placement;

import io.berth.controlplane.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A run that no host can take is a conflict with the fleet's state: 409 naming why. */
public class PlacementErrors {

    @ServerExceptionMapper
    public Response unplaceable(PlacementRefused e) {
        return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("unplaceable", e.getMessage())).build();
    }
}
