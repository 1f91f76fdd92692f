package io.berth.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.controlplane.api.CommandRefused;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.api.NotFound;
import io.berth.controlplane.identity.IdentityEvents.PasswordSet;
import io.berth.controlplane.identity.IdentityEvents.RoleChanged;
import io.berth.controlplane.identity.IdentityEvents.TokenIssued;
import io.berth.controlplane.identity.IdentityEvents.TokenRevoked;
import io.berth.controlplane.identity.IdentityEvents.UserCreated;
import io.berth.controlplane.identity.IdentityEvents.UserDisabled;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserTest {

    private final List<Object> history = new ArrayList<>();

    private List<Object> decide(UserCommand command) {
        List<Object> events = User.replay("ann", history).decide(command);
        history.addAll(events);
        return events;
    }

    @Test
    void creatingAUserSetsItsRoleAndPassword() {
        assertThat(decide(new UserCommand.Create(Roles.OPERATOR)))
                .containsExactly(new UserCreated("ann", "operator"), new PasswordSet("ann"));
        assertThat(User.replay("ann", history).role()).isEqualTo("operator");
        assertThat(User.replay("ann", history).version()).isEqualTo(2);
        assertThatThrownBy(() -> decide(new UserCommand.Create(Roles.VIEWER))).isInstanceOf(CommandRefused.class);
    }

    @Test
    void anUnknownRoleIsRefused() {
        assertThatThrownBy(() -> decide(new UserCommand.Create("root"))).isInstanceOf(InvalidCommand.class)
                .hasMessageContaining("viewer, operator, admin");
    }

    @Test
    void commandsToAMissingUserAreNotFound() {
        assertThatThrownBy(() -> decide(new UserCommand.Disable())).isInstanceOf(NotFound.class);
    }

    @Test
    void roleChangesAndDisablingAreIdempotent() {
        decide(new UserCommand.Create(Roles.VIEWER));
        assertThat(decide(new UserCommand.ChangeRole(Roles.VIEWER))).isEmpty();
        assertThat(decide(new UserCommand.ChangeRole(Roles.ADMIN)))
                .containsExactly(new RoleChanged("ann", "viewer", "admin"));
        assertThat(decide(new UserCommand.Disable())).containsExactly(new UserDisabled("ann"));
        assertThat(decide(new UserCommand.Disable())).isEmpty();
        assertThat(User.replay("ann", history).disabled()).isTrue();
    }

    @Test
    void tokensAreIssuedToEnabledUsersAndRevokedOnce() {
        decide(new UserCommand.Create(Roles.VIEWER));
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(decide(new UserCommand.IssueToken("t1", "ci", expiry)))
                .containsExactly(new TokenIssued("ann", "t1", "ci", expiry));
        assertThat(decide(new UserCommand.RevokeToken("t1"))).containsExactly(new TokenRevoked("ann", "t1"));
        assertThat(decide(new UserCommand.RevokeToken("t1"))).isEmpty();
        assertThatThrownBy(() -> decide(new UserCommand.RevokeToken("t2"))).isInstanceOf(NotFound.class);
        decide(new UserCommand.Disable());
        assertThatThrownBy(() -> decide(new UserCommand.IssueToken("t3", "ci", expiry)))
                .isInstanceOf(CommandRefused.class);
    }
}
