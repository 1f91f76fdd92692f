package io.berth.controlplane.api;

import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.identity.auth.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Event metadata for a REST request: the actor (the authenticated username), the source
 * ({@code dashboard} for the browser's session, else {@code rest}), the client's address,
 * {@code X-Correlation-Id} and {@code X-Causation-Id}, and the command id from
 * {@code Idempotency-Key}.
 */
@RequestScoped
public class RequestMetadata {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    SecurityIdentity identity;
    @Context
    HttpServerRequest request;
    @Context
    HttpHeaders headers;

    public EventMetadata metadata() {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new EventMetadata(Authenticated.actor(identity), Authenticated.source(identity), address,
                headers.getHeaderString("X-Correlation-Id"), headers.getHeaderString("X-Causation-Id"),
                blankToNull(headers.getHeaderString(IDEMPOTENCY_KEY)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
