package io.berth.controlplane.identity.login;

import io.berth.controlplane.api.ApiError;
import io.berth.controlplane.api.RequestMetadata;
import io.berth.controlplane.identity.Passwords;
import io.berth.controlplane.identity.Roles;
import io.berth.controlplane.identity.UserService;
import io.berth.controlplane.identity.auth.Authenticated;
import io.berth.controlplane.identity.auth.Denials;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.Date;

/**
 * The dashboard's login: {@code POST} a username and password for a session cookie (HttpOnly,
 * SameSite=Strict) and the session's CSRF token; {@code GET} who is logged in (and the CSRF
 * token again, after a page reload); {@code DELETE} logs out. Failed logins are events
 * ({@code login.failed}) and are throttled per username and per client address.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    public record Login(String username, String password) {
    }

    /** A user's own password change: the current password proves it is them, not a borrowed session. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /** Who is calling; {@code csrfToken} only for a session (token callers need none). */
    public record Whoami(String username, String role, String csrfToken) {
    }

    @Inject
    Pool pool;
    @Inject
    Sessions sessions;
    @Inject
    LoginThrottle throttle;
    @Inject
    Denials denials;
    @Inject
    SecurityIdentity identity;
    @Inject
    io.berth.controlplane.identity.IdentityConfig config;
    @Inject
    UserService users;
    @Inject
    RequestMetadata requestMetadata;
    @Context
    HttpServerRequest request;

    private record Account(String role, boolean disabled, String passwordHash) {
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Login body) {
        String username = body == null ? null : body.username();
        String address = clientAddress();
        if (username == null || username.isBlank() || body.password() == null) {
            return error(Response.Status.BAD_REQUEST, "invalid", "username and password are required");
        }
        refuseIfThrottled(username, address);
        Account account = account(username);
        boolean ok = Passwords.matches(body.password(), account == null ? null : account.passwordHash())
                && !account.disabled();
        if (!ok) {
            throttle.failed(username, address);
            String reason = account == null ? "unknown user" : account.disabled() ? "user disabled" : "wrong password";
            denials.loginFailed(username, reason, false, address).await().indefinitely();
            return error(Response.Status.UNAUTHORIZED, "unauthenticated", "wrong username or password");
        }
        throttle.succeeded(username);
        var opened = sessions.open(username).await().indefinitely();
        var cookie = new NewCookie.Builder(Sessions.COOKIE).value(opened.sessionId()).path("/").httpOnly(true)
                .secure(config.secureCookie()).sameSite(NewCookie.SameSite.STRICT)
                .expiry(Date.from(opened.expiresAt().toInstant()))
                .maxAge((int) config.sessionTtl().toSeconds()).build();
        return Response.ok(new Whoami(username, account.role(), opened.csrfToken())).cookie(cookie).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Whoami whoami() {
        return new Whoami(identity.getPrincipal().getName(), Roles.strongest(identity.getRoles()),
                identity.getAttribute(Authenticated.CSRF));
    }

    @DELETE
    @RolesAllowed(Roles.VIEWER)
    public Response logout(@CookieParam(Sessions.COOKIE) String sessionId) {
        if (sessionId != null && Authenticated.viaSession(identity)) {
            sessions.close(sessionId).await().indefinitely();
        }
        var expired = new NewCookie.Builder(Sessions.COOKIE).value("").path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        return Response.noContent().cookie(expired).build();
    }

    /**
     * Changes the caller's own password. It takes the current one, checked and throttled as a
     * login is (a wrong one is a {@code login.failed} event), so a session left open on someone's
     * desk cannot be turned into the account. As when an admin sets a password, every session
     * of the user ends, this one too; API tokens are separate credentials and stay valid.
     */
    @PUT
    @Path("/password")
    @RolesAllowed(Roles.VIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changeOwnPassword(PasswordChange body) {
        if (body == null || body.currentPassword() == null || body.newPassword() == null) {
            return error(Response.Status.BAD_REQUEST, "invalid", "currentPassword and newPassword are required");
        }
        String username = identity.getPrincipal().getName();
        String address = clientAddress();
        refuseIfThrottled(username, address);
        Account account = account(username);
        if (account == null) {
            return error(Response.Status.CONFLICT, "conflict", "user '" + username
                    + "' has no password here (it signs in with the bootstrap token); create a user for a password");
        }
        if (!Passwords.matches(body.currentPassword(), account.passwordHash())) {
            throttle.failed(username, address);
            denials.loginFailed(username, "wrong current password on a password change", false, address)
                    .await().indefinitely();
            return error(Response.Status.BAD_REQUEST, "invalid", "the current password is wrong");
        }
        throttle.succeeded(username);
        users.setPassword(username, body.newPassword(), requestMetadata.metadata()).await().indefinitely();
        return Response.noContent().build();
    }

    /** Too many failed attempts for this name or address: recorded, and refused with 429 + Retry-After. */
    private void refuseIfThrottled(String username, String address) {
        var wait = throttle.retryAfter(username, address);
        if (wait.isPresent()) {
            denials.loginFailed(username, "throttled", true, address).await().indefinitely();
            throw new TooManyAttempts(wait.get());
        }
    }

    private String clientAddress() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private Account account(String username) {
        var rows = pool.preparedQuery("SELECT role, disabled, password_hash FROM users WHERE username = $1")
                .execute(Tuple.of(username)).await().indefinitely();
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new Account(row.getString(0), row.getBoolean(1), row.getString(2));
    }

    private static Response error(Response.Status status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(error, message))
                .build();
    }
}
