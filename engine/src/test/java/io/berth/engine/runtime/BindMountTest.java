package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The runtime's own guard on binds, whatever the caller parsed. */
class BindMountTest {

    @Test
    void relativeEscapingOrRootTargetsAreRefused() {
        assertThat(new BindMount("/srv/data", "/data", true)).hasToString("/srv/data:/data:ro");
        assertThatThrownBy(() -> new BindMount("data", "/data", false)).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new BindMount("/srv", "data", false)).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new BindMount("/srv/../etc", "/data", false)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> new BindMount("/srv", "/data/../../x", false)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> new BindMount("/srv", "/", false)).hasMessageContaining("root");
        assertThatThrownBy(() -> new BindMount("/srv", "//./", false)).hasMessageContaining("root");
        assertThatThrownBy(() -> new BindMount("/a,b", "/data", false)).hasMessageContaining("','");
    }
}
