package io.berth.controlplane.limits;

import io.berth.controlplane.api.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every list the API answers is at most a page: a {@code limit} query parameter must be 1 to
 * {@code berth.limits.max-page-size} (else 400, before the endpoint runs), and a list longer than
 * the limit asked (or the maximum) is cut to it, with {@code X-Berth-Truncated: true} telling the
 * client to narrow the query or page on (endpoints that page take {@code before}).
 */
@ApplicationScoped
public class PageLimit {

    public static final String TRUNCATED = "X-Berth-Truncated";

    private final LimitsConfig config;

    public PageLimit(LimitsConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Response checkLimit(ContainerRequestContext request) {
        List<String> values = request.getUriInfo().getQueryParameters().get("limit");
        if (values == null || values.isEmpty()) {
            return null;
        }
        int max = config.maxPageSize();
        for (String value : values) {
            long limit;
            try {
                limit = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return refuse("limit must be a number from 1 to " + max + ", got '" + value + "'");
            }
            if (limit < 1 || limit > max) {
                return refuse("limit must be 1-" + max + ", got " + limit + "; page on with before= where the"
                        + " endpoint takes it, or narrow the query");
            }
        }
        return null;
    }

    @ServerResponseFilter
    public void capList(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof List<?> list)) {
            return;
        }
        int limit = config.maxPageSize();
        String asked = request.getUriInfo().getQueryParameters().getFirst("limit");
        if (asked != null) {
            limit = Math.min(limit, Integer.parseInt(asked.trim()));
        }
        if (list.size() > limit) {
            response.setEntity(List.copyOf(list.subList(0, limit)));
            response.getHeaders().putSingle(TRUNCATED, "true");
        }
    }

    private static Response refuse(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("invalid", message)).build();
    }
}
