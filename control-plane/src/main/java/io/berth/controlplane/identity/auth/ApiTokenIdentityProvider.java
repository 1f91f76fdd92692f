package io.berth.controlplane.identity.auth;

import io.berth.controlplane.identity.ApiTokenFormat;
import io.berth.controlplane.identity.IdentityConfig;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.Secrets;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;

/**
 * Bearer tokens: the bootstrap admin token from configuration, or an API token looked up in
 * {@code api_tokens} — not revoked, not expired, its user not disabled — on every request, so a
 * revocation or a role change takes effect at once.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {

    /** The user the bootstrap admin token authenticates as. */
    public static final String BOOTSTRAP_USER = "admin";

    private static final String LOOKUP = """
            SELECT t.secret_sha256, u.username, u.role FROM api_tokens t JOIN users u ON u.username = t.username
            WHERE t.token_id = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled
            """;

    private final Pool pool;
    private final IdentityConfig config;

    public ApiTokenIdentityProvider(Pool pool, IdentityConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Whether a bearer token is Berth's to check (else another mechanism, OIDC, may take it). */
    public boolean isBerthToken(String token) {
        return isBootstrap(token) || ApiTokenFormat.parse(token).isPresent();
    }

    private boolean isBootstrap(String token) {
        var bootstrap = config.bootstrapAdminToken().filter(t -> !t.isBlank());
        return bootstrap.isPresent() && Secrets.constantTimeEquals(token, bootstrap.get());
    }

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        String token = request.token();
        if (isBootstrap(token)) {
            return Uni.createFrom().item(Authenticated.identity(BOOTSTRAP_USER, Roles.ADMIN, Authenticated.VIA_TOKEN,
                    null));
        }
        var parsed = ApiTokenFormat.parse(token);
        if (parsed.isEmpty()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a Berth API token"));
        }
        return pool.preparedQuery(LOOKUP).execute(Tuple.of(parsed.get().tokenId())).map(rows -> {
            Row row = rows.size() == 0 ? null : rows.iterator().next();
            if (row == null || !MessageDigest.isEqual(row.getBuffer(0).getBytes(),
                    Secrets.sha256(parsed.get().secret()))) {
                throw new AuthenticationFailedException("unknown, revoked or expired token");
            }
            return Authenticated.identity(row.getString(1), row.getString(2), Authenticated.VIA_TOKEN, null);
        });
    }
}
