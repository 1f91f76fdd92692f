package io.berth.controlplane.limits;

import io.berth.controlplane.api.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * Small bodies for JSON commands, large ones only for image uploads. Quarkus's
 * {@code max-body-size} is one number for every route, sized for uploads; this check runs first
 * on every other route and answers 413 (or 411 for a body of unknown length) before anything
 * reads the body.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Routes whose body is an image archive. */
    static final Set<String> UPLOAD_PATHS = Set.of("/api/v1/images/import");
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final LimitsConfig config;

    public BodySizeLimit(LimitsConfig config) {
        this.config = config;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
    }

    void check(RoutingContext ctx) {
        var request = ctx.request();
        if (!WITH_BODY.contains(request.method()) || UPLOAD_PATHS.contains(request.path())) {
            ctx.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = config.jsonBodyBytes();
        if (length == null) {
            if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
                ctx.next(); // no body at all
                return;
            }
            refuse(ctx, 411, "length-required", "send Content-Length: request bodies here may be at most " + limit
                    + " bytes (only image uploads may be larger, and stream)");
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "invalid", "Content-Length must be a number, got '" + length + "'");
            return;
        }
        if (bytes > limit) {
            refuse(ctx, 413, "too-large", "the request body is " + bytes + " bytes; at most " + limit
                    + " are taken here (only image uploads may be larger)");
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(Json.encode(new ApiError(error, message)));
    }
}
