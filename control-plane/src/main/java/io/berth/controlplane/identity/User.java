package io.berth.controlplane.identity;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.identity.IdentityEvents.PasswordSet;
import io.berth.controlplane.identity.IdentityEvents.RoleChanged;
import io.berth.controlplane.identity.IdentityEvents.TokenIssued;
import io.berth.controlplane.identity.IdentityEvents.TokenRevoked;
import io.berth.controlplane.identity.IdentityEvents.UserCreated;
import io.berth.controlplane.identity.IdentityEvents.UserDisabled;
import io.berth.controlplane.identity.IdentityEvents.UserEnabled;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The user aggregate: replays its stream and decides which events a command causes. Pure logic. */
public final class User {

    private final String username;
    private long version;
    private boolean exists;
    private String role;
    private boolean disabled;
    private final Set<String> tokens = new HashSet<>();
    private final Set<String> revoked = new HashSet<>();

    private User(String username) {
        this.username = username;
    }

    public static User replay(String username, List<Object> history) {
        var user = new User(username);
        history.forEach(user::apply);
        return user;
    }

    public long version() {
        return version;
    }

    public boolean exists() {
        return exists;
    }

    public String role() {
        return role;
    }

    public boolean disabled() {
        return disabled;
    }

    private void apply(Object event) {
        version++;
        if (event instanceof UserCreated e) {
            exists = true;
            role = e.role();
        } else if (event instanceof RoleChanged e) {
            role = e.to();
        } else if (event instanceof UserDisabled) {
            disabled = true;
        } else if (event instanceof UserEnabled) {
            disabled = false;
        } else if (event instanceof TokenIssued e) {
            tokens.add(e.tokenId());
        } else if (event instanceof TokenRevoked e) {
            revoked.add(e.tokenId());
        }
    }

    public List<Object> decide(UserCommand command) {
        if (command instanceof UserCommand.Create c) {
            if (exists) {
                throw new CommandRefused("user " + username + " exists");
            }
            return List.of(new UserCreated(username, requireRole(c.role())), new PasswordSet(username));
        }
        if (!exists) {
            throw new NotFound("no user " + username);
        }
        if (command instanceof UserCommand.SetPassword) {
            return List.of(new PasswordSet(username));
        }
        if (command instanceof UserCommand.ChangeRole c) {
            return requireRole(c.role()).equals(role) ? List.of() : List.of(new RoleChanged(username, role, c.role()));
        }
        if (command instanceof UserCommand.Disable) {
            return disabled ? List.of() : List.of(new UserDisabled(username));
        }
        if (command instanceof UserCommand.Enable) {
            return disabled ? List.of(new UserEnabled(username)) : List.of();
        }
        if (command instanceof UserCommand.IssueToken c) {
            if (disabled) {
                throw new CommandRefused("user " + username + " is disabled");
            }
            return List.of(new TokenIssued(username, c.tokenId(), c.name(), c.expiresAt()));
        }
        if (command instanceof UserCommand.RevokeToken c) {
            if (!tokens.contains(c.tokenId())) {
                throw new NotFound("user " + username + " has no token " + c.tokenId());
            }
            return revoked.contains(c.tokenId()) ? List.of() : List.of(new TokenRevoked(username, c.tokenId()));
        }
        throw new IllegalArgumentException("unknown user command " + command);
    }

    private static String requireRole(String role) {
        if (!Roles.isRole(role)) {
            throw new InvalidCommand("role must be one of " + String.join(", ", Roles.all()) + ", got '" + role + "'");
        }
        return role;
    }
}
