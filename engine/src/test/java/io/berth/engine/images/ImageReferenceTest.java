package io.berth.engine.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String HEX = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "busybox, docker.io/library/busybox:latest",
            "busybox:1.36, docker.io/library/busybox:1.36",
            "library/busybox, docker.io/library/busybox:latest",
            "docker.io/busybox, docker.io/library/busybox:latest",
            "index.docker.io/busybox, docker.io/library/busybox:latest",
            "index.docker.io/user/app:v1, docker.io/user/app:v1",
            "user/app, docker.io/user/app:latest",
            "user/group/app, docker.io/user/group/app:latest",
            "localhost/app, localhost/app:latest",
            "localhost:5000/ns/name:tag, localhost:5000/ns/name:tag",
            "127.0.0.1:5000/library/busybox:oci, 127.0.0.1:5000/library/busybox:oci",
            "quay.io/coreos/etcd:v3.5.0, quay.io/coreos/etcd:v3.5.0",
            "registry:5000/app, registry:5000/app:latest",
            "[::1]:5000/app:v2, [::1]:5000/app:v2",
            "Foo/bar, Foo/bar:latest",
            "my-registry.example.com/a.b/c_d/e__f/g-h---i:T_1.2-x, my-registry.example.com/a.b/c_d/e__f/g-h---i:T_1.2-x",
    })
    void normalizesAsDockerDoes(String input, String normalized) {
        assertThat(ImageReference.parse(input).toString()).isEqualTo(normalized);
    }

    @ParameterizedTest
    @CsvSource({
            "busybox, busybox:latest",
            "user/app:1, user/app:1",
            "localhost:5000/ns/name, localhost:5000/ns/name:latest",
            "docker.io/library/a/b, library/a/b:latest",
    })
    void familiarFormIsWhatDockerShows(String input, String familiar) {
        assertThat(ImageReference.parse(input).familiarString()).isEqualTo(familiar);
    }

    @ParameterizedTest
    @CsvSource({"busybox", "localhost:5000/ns/name:tag"})
    void keepsDigestAndTag(String name) {
        ImageReference ref = ImageReference.parse(name + "@sha256:" + HEX);
        assertThat(ref.digest().hex()).isEqualTo(HEX);
        assertThat(ref.toString()).endsWith("@sha256:" + HEX);
        if (name.contains(":tag")) {
            assertThat(ref.tag()).isEqualTo("tag");
            assertThat(ref.domain()).isEqualTo("localhost:5000");
            assertThat(ref.path()).isEqualTo("ns/name");
        } else {
            assertThat(ref.tag()).as("a digest reference gets no default tag").isNull();
            assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                   | empty reference",
            "Busybox                              | must be lowercase",
            "docker.io/Library/busybox            | must be lowercase",
            "busybox:                             | invalid tag",
            "busybox:-tag                         | invalid tag",
            "busybox:.tag                         | invalid tag",
            "busybox:tag!                         | invalid tag",
            "busybox@sha256:abc                   | 64 lowercase hexadecimal",
            "busybox@md5:" + "0123                | unsupported digest algorithm",
            "busybox@                             | missing algorithm prefix",
            "-busybox                             | invalid repository path component",
            "busybox-                             | invalid repository path component",
            "bus..ybox                            | invalid repository path component",
            "a//b                                 | empty path component",
            "localhost:5000/                      | empty path component",
            "-bad.example.com/app                 | invalid registry domain",
            "exa_mple.com/app                     | invalid registry domain",
            ":tag                                 | repository name is empty",
            "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4 | cannot be a 64-character hexadecimal",
    })
    void refusesInvalidReferencesWithAClearMessage(String input, String problem) {
        String text = input == null ? "" : input;
        assertThatThrownBy(() -> ImageReference.parse(text))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("invalid reference \"" + text + "\"")
                .hasMessageContaining(problem);
    }

    @org.junit.jupiter.api.Test
    void refusesTagsLongerThan128AndNamesLongerThan255() {
        assertThatThrownBy(() -> ImageReference.parse("busybox:" + "t".repeat(129))).hasMessageContaining("invalid tag");
        assertThat(ImageReference.parse("busybox:" + "t".repeat(128)).tag()).hasSize(128);
        assertThatThrownBy(() -> ImageReference.parse("a/" + "b".repeat(260))).hasMessageContaining("more than 255");
    }

    @org.junit.jupiter.api.Test
    void roundTripsThroughJson() throws Exception {
        ImageReference ref = ImageReference.parse("localhost:5000/ns/name:tag");
        String json = OciJson.mapper().writeValueAsString(ref);
        assertThat(json).isEqualTo("\"localhost:5000/ns/name:tag\"");
        assertThat(OciJson.mapper().readValue(json, ImageReference.class)).isEqualTo(ref);
    }
}
