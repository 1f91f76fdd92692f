package io.berth.controlplane.identity.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A bearer token that is Berth's own (an API token or the bootstrap admin token). Its own type,
 * so that it never reaches the OIDC provider, nor a JWT the Berth provider.
 */
public class ApiTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
