package io.berth.controlplane.identity.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Builds identities and reads what the mechanism put on them. */
public final class Authenticated {

    /** How the caller authenticated: {@code token} or {@code session}. */
    public static final String VIA = "berth.via";
    public static final String VIA_TOKEN = "token";
    public static final String VIA_SESSION = "session";
    /** The CSRF token of the caller's session. */
    public static final String CSRF = "berth.csrf";

    private Authenticated() {
    }

    static SecurityIdentity identity(String username, String role, String via, String csrf) {
        var builder = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(username)).addRole(role)
                .addAttribute(VIA, via);
        if (csrf != null) {
            builder.addAttribute(CSRF, csrf);
        }
        return builder.build();
    }

    public static boolean viaSession(SecurityIdentity identity) {
        return VIA_SESSION.equals(identity.getAttribute(VIA));
    }

    /** The username for event metadata; {@code anonymous} only where no role is required. */
    public static String actor(SecurityIdentity identity) {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The event source: {@code dashboard} for the browser's session, else {@code rest}. */
    public static String source(SecurityIdentity identity) {
        return identity != null && viaSession(identity) ? "dashboard" : "rest";
    }
}
