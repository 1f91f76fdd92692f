package io.berth.controlplane.identity;

import java.time.Instant;

/** What can be asked of a user aggregate; credentials are checked and hashed before they get here. */
public sealed interface UserCommand {

    record Create(String role) implements UserCommand {
    }

    record SetPassword() implements UserCommand {
    }

    record ChangeRole(String role) implements UserCommand {
    }

    record Disable() implements UserCommand {
    }

    record Enable() implements UserCommand {
    }

    record IssueToken(String tokenId, String name, Instant expiresAt) implements UserCommand {
    }

    record RevokeToken(String tokenId) implements UserCommand {
    }
}
