package io.berth.controlplane.identity.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks user WebSocket upgrades (not the agents' channel, which the agents package guards):
 * anonymous → 401; a role short of the endpoint's {@code @RolesAllowed} → 403, recorded as
 * {@code access.denied}; and when the browser's session cookie authenticates, the {@code Origin}
 * must be this server — the CSRF header cannot ride on a WebSocket handshake, so without this
 * another site could open the socket with the user's cookie (cross-site WebSocket hijacking).
 */
@ApplicationScoped
// before the built-in @RolesAllowed upgrade check (priority MAX_VALUE - 100; higher runs first),
// so that a refusal is recorded here rather than refused silently there
@Priority(Integer.MAX_VALUE - 50)
public class WebSocketUpgradeCheck implements HttpUpgradeCheck {

    private final Denials denials;
    private final Map<String, String[]> required = new ConcurrentHashMap<>();

    public WebSocketUpgradeCheck(Denials denials) {
        this.denials = denials;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return !endpointId.contains("AgentChannelEndpoint");
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return CheckResult.rejectUpgrade(401);
            }
            HttpServerRequest request = context.httpRequest();
            if (Authenticated.viaSession(identity) && !sameOrigin(request)) {
                return CheckResult.rejectUpgrade(403);
            }
            String[] roles = rolesOf(context.endpointId());
            if (roles.length == 0 || Arrays.stream(roles).anyMatch(identity::hasRole)) {
                return CheckResult.permitUpgrade();
            }
            return denied(identity, request, roles).chain(() -> CheckResult.rejectUpgrade(403));
        });
    }

    private Uni<Void> denied(SecurityIdentity identity, HttpServerRequest request, String[] roles) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return denials.accessDenied(identity.getPrincipal().getName(), "GET", request.path(),
                "WebSocket upgrade needs role " + String.join(" or ", roles),
                Authenticated.source(identity), address);
    }

    /** Whether {@code Origin} names the host the request was sent to. */
    static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String[] rolesOf(String endpointId) {
        return required.computeIfAbsent(endpointId, id -> {
            try {
                Class<?> type = Class.forName(id, false, Thread.currentThread().getContextClassLoader());
                RolesAllowed allowed = type.getAnnotation(RolesAllowed.class);
                return allowed == null ? new String[0] : allowed.value();
            } catch (ClassNotFoundException e) {
                return new String[0];
            }
        });
    }
}
