package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserDatabaseTest {
    private static final String PASSWD = """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        app:x:1000:1000:App:/home/app:/bin/sh
        broken line
        www:x:33:33::/var/www:/bin/false
        nohome:x:2000:2000:::/bin/sh
        """;
    private static final String GROUP = """
        root:x:0:
        app:x:1000:
        staff:x:50:app,www
        video:x:44:app
        www:x:33:
        """;
    private final UserDatabase db = UserDatabase.parse(PASSWD, GROUP);

    @Test
    void emptySpecIsRootWithRootsHome() {
        assertThat(db.resolve(UserSpec.parse(""))).isEqualTo(new ResolvedUser(0, 0, java.util.List.of(), "/root"));
    }

    @Test
    void nameResolvesUidGidHomeAndSupplementaryGroups() {
        assertThat(db.resolve(UserSpec.parse("app")))
            .isEqualTo(new ResolvedUser(1000, 1000, java.util.List.of(50, 44), "/home/app"));
    }

    @Test
    void numericUidFoundInPasswdTakesItsGroup() {
        assertThat(db.resolve(UserSpec.parse("33"))).isEqualTo(new ResolvedUser(33, 33, java.util.List.of(50), "/var/www"));
    }

    @Test
    void numericUidNotInPasswdRunsWithGroupZero() {
        assertThat(db.resolve(UserSpec.parse("4321"))).isEqualTo(new ResolvedUser(4321, 0, java.util.List.of(), "/"));
    }

    @Test
    void explicitGroupByNumberOrName() {
        assertThat(db.resolve(UserSpec.parse("1234:99"))).isEqualTo(new ResolvedUser(1234, 99, java.util.List.of(), "/"));
        assertThat(db.resolve(UserSpec.parse("app:staff"))).isEqualTo(new ResolvedUser(1000, 50, java.util.List.of(44), "/home/app"));
    }

    @Test
    void emptyHomeFallsBackToRoot() {
        assertThat(db.resolve(UserSpec.parse("nohome")).home()).isEqualTo("/");
    }

    @Test
    void unknownNamesAreRefused() {
        assertThatThrownBy(() -> db.resolve(UserSpec.parse("ghost")))
            .hasMessage("unable to find user ghost: no matching entries in passwd file");
        assertThatThrownBy(() -> db.resolve(UserSpec.parse("app:ghosts")))
            .hasMessage("unable to find group ghosts: no matching entries in group file");
        assertThatThrownBy(() -> UserDatabase.EMPTY.resolve(UserSpec.parse("app")))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {":", ":1", "a:", "a:b:c", "-1", "1:-5", "99999999999", "us er", "a/b"})
    void badSpecsAreRefusedWithTheSpecInTheMessage(String spec) {
        assertThatThrownBy(() -> UserSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("bad user spec '" + spec + "'");
    }
}
