package io.berth.controlplane.identity.auth;

import io.berth.controlplane.identity.Secrets;
import io.berth.controlplane.identity.login.Sessions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The dashboard's session cookie. A request that may change state must also carry the session's
 * CSRF token in {@code X-CSRF-Token}: another site can make the browser send the cookie, but
 * cannot read the token (it is only in the login answer and {@code GET /api/v1/session}).
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionRequest> {

    /** Set on the failure when only the CSRF token was missing or wrong: a 403, not a 401. */
    public static final String CSRF_FAILURE = "berth.csrf-failure";

    private final Sessions sessions;

    public SessionIdentityProvider(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Class<SessionRequest> getRequestType() {
        return SessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
        return sessions.find(request.sessionId()).map(found -> {
            var session = found.orElseThrow(() -> new AuthenticationFailedException("the session has ended"));
            if (request.unsafe() && !Secrets.constantTimeEquals(request.csrfHeader(), session.csrfToken())) {
                throw new AuthenticationFailedException("missing or wrong X-CSRF-Token for this session",
                        Map.of(CSRF_FAILURE, true));
            }
            return Authenticated.identity(session.username(), session.role(), Authenticated.VIA_SESSION,
                    session.csrfToken());
        });
    }
}
