package io.berth.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void eachRoleImpliesTheWeakerOnes() {
        assertThat(Roles.implied("viewer")).containsExactlyInAnyOrder("viewer");
        assertThat(Roles.implied("operator")).containsExactlyInAnyOrder("viewer", "operator");
        assertThat(Roles.implied("admin")).containsExactlyInAnyOrder("viewer", "operator", "admin");
        assertThat(Roles.implied("root")).isEmpty();
    }

    @Test
    void theStrongestRoleNamesTheCaller() {
        assertThat(Roles.strongest(Set.of("viewer", "operator"))).isEqualTo("operator");
        assertThat(Roles.strongest(Set.of("something"))).isNull();
    }
}
