package io.berth.controlplane.identity;

import io.berth.controlplane.eventstore.EventCatalog;
import io.berth.protocol.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * The identity events. Stream {@code user-<username>} holds a user's life and their tokens;
 * stream {@code access-<username>} holds the denials and failed logins recorded against that
 * name. No event carries a credential: password and token hashes stay in the identity tables.
 */
@ApplicationScoped
public class IdentityEvents implements EventCatalog {

    @EventType(name = "user.created")
    public record UserCreated(String username, String role) {
    }

    /** The password was set or changed (the hash is in {@code users}, never in the log). */
    @EventType(name = "user.password-set")
    public record PasswordSet(String username) {
    }

    @EventType(name = "user.role-changed")
    public record RoleChanged(String username, String from, String to) {
    }

    /** The user can no longer log in; their sessions end and their tokens stop working. */
    @EventType(name = "user.disabled")
    public record UserDisabled(String username) {
    }

    @EventType(name = "user.enabled")
    public record UserEnabled(String username) {
    }

    @EventType(name = "token.issued")
    public record TokenIssued(String username, String tokenId, String name, Instant expiresAt) {
    }

    @EventType(name = "token.revoked")
    public record TokenRevoked(String username, String tokenId) {
    }

    /** An authenticated caller asked for something their role does not allow (403). */
    @EventType(name = "access.denied")
    public record AccessDenied(String username, String method, String path, String reason) {
    }

    /** A login with a wrong password, for an unknown or disabled user, or refused by the throttle. */
    @EventType(name = "login.failed")
    public record LoginFailed(String username, String reason, boolean throttled) {
    }

    public static final List<Class<? extends Record>> TYPES = List.of(UserCreated.class, PasswordSet.class,
            RoleChanged.class, UserDisabled.class, UserEnabled.class, TokenIssued.class, TokenRevoked.class,
            AccessDenied.class, LoginFailed.class);

    public static String userStream(String username) {
        return "user-" + username;
    }

    /** The stream denials against {@code name} go to; names that cannot be a stream id share one. */
    public static String accessStream(String name) {
        return name != null && Usernames.isValid(name) ? "access-" + name : "access-invalid-username";
    }

    @Override
    public List<Class<? extends Record>> eventTypes() {
        return TYPES;
    }
}
