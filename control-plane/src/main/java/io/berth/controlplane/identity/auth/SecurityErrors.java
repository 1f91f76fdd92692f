package io.berth.controlplane.identity.auth;

import io.berth.controlplane.api.ApiError;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Security refusals as house JSON errors: 401 {@code unauthenticated} (no or bad credentials),
 * 403 {@code csrf} (a session request that changes state without its CSRF token), 403
 * {@code forbidden} (the role does not allow it; recorded as {@code access.denied}).
 */
public class SecurityErrors {

    @Inject
    CurrentIdentityAssociation identities;
    @Inject
    Denials denials;

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationCompletionException.class })
    public Response unauthenticated(RuntimeException e) {
        return unauthenticated("log in, or send Authorization: Bearer <api token>");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        if (Boolean.TRUE.equals(e.getAttribute(SessionIdentityProvider.CSRF_FAILURE))) {
            return answer(Response.Status.FORBIDDEN, "csrf", e.getMessage());
        }
        return unauthenticated(e.getMessage() == null ? "the credentials were not accepted" : e.getMessage());
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e, HttpServerRequest request) {
        return identities.getDeferredIdentity().flatMap(identity -> {
            Response answer = answer(Response.Status.FORBIDDEN, "forbidden",
                    "your role does not allow " + request.method() + " " + request.path());
            if (identity.isAnonymous()) {
                return Uni.createFrom().item(answer);
            }
            String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            return denials.accessDenied(identity.getPrincipal().getName(), request.method().name(), request.path(),
                    "role " + io.berth.controlplane.identity.Roles.strongest(identity.getRoles()) + " is not enough",
                    Authenticated.source(identity), address).replaceWith(answer);
        });
    }

    private static Response unauthenticated(String message) {
        return Response.status(Response.Status.UNAUTHORIZED).header("WWW-Authenticate", "Bearer realm=\"berth\"")
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError("unauthenticated", message)).build();
    }

    private static Response answer(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message))
                .build();
    }
}
