package io.berth.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.controlplane.api.InvalidCommand;
import org.junit.jupiter.api.Test;

class ImageSpellingsTest {

    @Test
    void everySpellingOfAnOfficialImage() {
        assertThat(ImageSpellings.of("busybox")).containsExactlyInAnyOrder("busybox", "busybox:latest",
                "library/busybox", "library/busybox:latest", "docker.io/library/busybox",
                "docker.io/library/busybox:latest");
        assertThat(ImageSpellings.of("docker.io/library/busybox:latest")).contains("busybox");
        assertThat(ImageSpellings.of("busybox:1.36")).containsExactlyInAnyOrder("busybox:1.36",
                "library/busybox:1.36", "docker.io/library/busybox:1.36");
    }

    @Test
    void otherRegistriesKeepTheirName() {
        assertThat(ImageSpellings.of("registry.local:5000/team/app")).containsExactlyInAnyOrder(
                "registry.local:5000/team/app", "registry.local:5000/team/app:latest");
        assertThat(ImageSpellings.of("team/app:v1")).containsExactlyInAnyOrder("team/app:v1",
                "docker.io/team/app:v1");
    }

    @Test
    void digestsAreToldFromNames() {
        assertThat(ImageSpellings.isDigest("sha256:" + "a".repeat(64))).isTrue();
        assertThat(ImageSpellings.isDigest("sha256:abc")).isFalse();
        assertThat(ImageSpellings.isDigest("busybox")).isFalse();
        assertThatThrownBy(() -> ImageSpellings.of("Not A Reference")).isInstanceOf(InvalidCommand.class);
    }
}
