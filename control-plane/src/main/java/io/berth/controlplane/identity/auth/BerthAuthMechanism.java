package io.berth.controlplane.identity.auth;

import io.berth.controlplane.identity.login.Sessions;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who is calling: {@code Authorization: Bearer <token>} (API tokens, the bootstrap admin token;
 * any other bearer token is left to the next mechanism, OIDC when enabled), else the dashboard's {@value Sessions#COOKIE} cookie (with {@value #CSRF_HEADER} on unsafe
 * methods), else nobody. Paths under {@value #AGENTS} are left alone: agents authenticate there
 * with their host credentials, checked by the agents package.
 */
@ApplicationScoped
public class BerthAuthMechanism implements HttpAuthenticationMechanism {

    private final ApiTokenIdentityProvider tokens;

    public BerthAuthMechanism(ApiTokenIdentityProvider tokens) {
        this.tokens = tokens;
    }

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String AGENTS = "/api/v1/agents/";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (context.normalizedPath().startsWith(AGENTS)) {
            return Uni.createFrom().nullItem();
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!tokens.isBerthToken(token)) {
                return Uni.createFrom().nullItem(); // a JWT for OIDC, or nonsense: then anonymous, 401
            }
            var request = new ApiTokenRequest(token);
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
        }
        Cookie cookie = context.request().getCookie(Sessions.COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            AuthenticationRequest request = new SessionRequest(cookie.getValue(),
                    !SAFE.contains(context.request().method()), context.request().getHeader(CSRF_HEADER));
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"berth\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class, SessionRequest.class);
    }

    /** Before OIDC's mechanism, which would try to verify Berth's tokens as JWTs and fail. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
