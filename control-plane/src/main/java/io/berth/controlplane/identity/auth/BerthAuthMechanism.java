package io.berth.controlplane.identity.auth;

import io.berth.controlplane.identity.login.Sessions;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who is calling: {@code Authorization: Bearer <token>} (API tokens, the bootstrap admin token),
 * else the dashboard's {@value Sessions#COOKIE} cookie (with {@value #CSRF_HEADER} on unsafe
 * methods), else nobody. Paths under {@value #AGENTS} are left alone: agents authenticate there
 * with their host credentials, checked by the agents package.
 */
@ApplicationScoped
public class BerthAuthMechanism implements HttpAuthenticationMechanism {

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
            var request = new TokenAuthenticationRequest(new TokenCredential(authorization.substring(7).trim(),
                    "bearer"));
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
        return Set.of(TokenAuthenticationRequest.class, SessionRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
