package io.berth.controlplane.identity;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.RequestMetadata;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Users and their API tokens (admin only). Every change is an event in {@code user-<username>};
 * a token's secret is in the answer that issues it and nowhere else.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class UsersResource {

    public record NewUser(String username, String role, String password) {
    }

    public record RoleChange(String role) {
    }

    public record PasswordChange(String password) {
    }

    /** {@code ttl}: an ISO-8601 duration ({@code P30D}, {@code PT1H}); the configured default when absent. */
    public record TokenRequest(String name, String ttl) {
    }

    private final UserService users;
    private final UserDirectory directory;
    private final RequestMetadata request;

    public UsersResource(UserService users, UserDirectory directory, RequestMetadata request) {
        this.users = users;
        this.directory = directory;
        this.request = request;
    }

    @GET
    public Uni<List<UserDirectory.UserSummary>> listUsers() {
        return directory.users();
    }

    @POST
    @Blocking // Argon2id hashing is deliberately slow: keep it off the event loop
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createUser(NewUser body) {
        if (body == null) {
            throw new InvalidCommand("a body with username, role and password is required");
        }
        return users.create(body.username(), body.role(), body.password(), request.metadata())
                .chain(() -> directory.user(body.username()))
                .map(user -> Response.status(Response.Status.CREATED).entity(user).build());
    }

    @GET
    @Path("/{username}")
    public Uni<UserDirectory.UserSummary> inspectUser(@PathParam("username") String username) {
        return directory.user(username);
    }

    @PUT
    @Path("/{username}/role")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<UserDirectory.UserSummary> changeRole(@PathParam("username") String username, RoleChange body) {
        if (body == null) {
            throw new InvalidCommand("a body with role is required");
        }
        return users.changeRole(username, body.role(), request.metadata()).chain(() -> directory.user(username));
    }

    @PUT
    @Blocking
    @Path("/{username}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> setPassword(@PathParam("username") String username, PasswordChange body) {
        if (body == null) {
            throw new InvalidCommand("a body with password is required");
        }
        return users.setPassword(username, body.password(), request.metadata())
                .replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{username}/disable")
    public Uni<UserDirectory.UserSummary> disableUser(@PathParam("username") String username) {
        return users.disable(username, request.metadata()).chain(() -> directory.user(username));
    }

    @POST
    @Path("/{username}/enable")
    public Uni<UserDirectory.UserSummary> enableUser(@PathParam("username") String username) {
        return users.enable(username, request.metadata()).chain(() -> directory.user(username));
    }

    @GET
    @Path("/{username}/tokens")
    public Uni<List<UserDirectory.TokenSummary>> listTokens(@PathParam("username") String username) {
        return directory.tokens(username);
    }

    @POST
    @Path("/{username}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> issueToken(@PathParam("username") String username, TokenRequest body) {
        Duration ttl = null;
        if (body != null && body.ttl() != null && !body.ttl().isBlank()) {
            try {
                ttl = Duration.parse(body.ttl());
            } catch (DateTimeParseException e) {
                throw new InvalidCommand("ttl must be an ISO-8601 duration such as P30D or PT1H, got '" + body.ttl()
                        + "'");
            }
        }
        return users.issueToken(username, body == null ? null : body.name(), ttl, request.metadata())
                .map(issued -> Response.status(Response.Status.CREATED).entity(issued).build());
    }

    @DELETE
    @Path("/{username}/tokens/{tokenId}")
    public Uni<Response> revokeToken(@PathParam("username") String username, @PathParam("tokenId") String tokenId) {
        return users.revokeToken(username, tokenId, request.metadata()).replaceWith(Response.noContent().build());
    }
}
