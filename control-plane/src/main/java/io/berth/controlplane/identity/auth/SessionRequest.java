package io.berth.controlplane.identity.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The dashboard's session cookie, and the CSRF header when the request changes something. */
public class SessionRequest extends BaseAuthenticationRequest {

    private final String sessionId;
    private final boolean unsafe;
    private final String csrfHeader;

    public SessionRequest(String sessionId, boolean unsafe, String csrfHeader) {
        this.sessionId = sessionId;
        this.unsafe = unsafe;
        this.csrfHeader = csrfHeader;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Whether the method may change state (anything but GET, HEAD, OPTIONS). */
    public boolean unsafe() {
        return unsafe;
    }

    public String csrfHeader() {
        return csrfHeader;
    }
}
