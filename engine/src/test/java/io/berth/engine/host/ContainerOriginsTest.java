package io.berth.engine.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.content.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerOriginsTest {

    private static final String IMAGE_A = "sha256:" + "a".repeat(64);
    private static final String IMAGE_B = "sha256:" + "b".repeat(64);

    @TempDir
    Path state;

    @Test
    void eachContainerHasItsOwnFileAndANewEngineFindsThemAll() throws Exception {
        ContainerOrigins origins = open();
        origins.put("web", new ContainerOrigins.Origin("busybox", IMAGE_A, IMAGE_A));
        origins.put("db", new ContainerOrigins.Origin("other", IMAGE_B, null));

        assertThat(state.resolve("origins")).isDirectoryContaining(p -> p.getFileName().toString().equals("web.json"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("db.json"));
        ContainerOrigins reopened = open();
        assertThat(reopened.all()).containsOnlyKeys("web", "db");
        assertThat(reopened.get("db")).hasValue(new ContainerOrigins.Origin("other", IMAGE_B, null));
        assertThat(reopened.containersUsing(Digest.parse(IMAGE_A))).containsExactly("web");
    }

    @Test
    void removingAContainerDeletesOnlyItsFile() throws Exception {
        ContainerOrigins origins = open();
        origins.put("web", new ContainerOrigins.Origin("busybox", IMAGE_A, IMAGE_A));
        origins.put("db", new ContainerOrigins.Origin("busybox", IMAGE_A, IMAGE_A));

        origins.remove("web");

        assertThat(state.resolve("origins/web.json")).doesNotExist();
        assertThat(open().all()).containsOnlyKeys("db");
    }

    @Test
    void theOneFileEarlierEnginesWroteIsSplitUpOnOpen() throws Exception {
        Files.writeString(state.resolve("containers.json"), "{\"old\":{\"imageName\":\"busybox\",\"imageId\":\""
                + IMAGE_A + "\",\"targetDigest\":null}}");

        ContainerOrigins origins = open();

        assertThat(origins.get("old")).hasValue(new ContainerOrigins.Origin("busybox", IMAGE_A, null));
        assertThat(state.resolve("containers.json")).doesNotExist();
        assertThat(open().get("old")).isPresent();
    }

    @Test
    void aTemporaryFileLeftByACrashIsIgnoredAndCleared() throws Exception {
        Files.createDirectories(state.resolve("origins"));
        Files.writeString(state.resolve("origins/web.json.tmp"), "{\"imageName\":");

        assertThat(open().all()).isEmpty();
        assertThat(state.resolve("origins/web.json.tmp")).doesNotExist();
    }

    @Test
    void anIdThatWouldNameAnotherPathIsRefused() throws Exception {
        ContainerOrigins origins = open();
        assertThatThrownBy(() -> origins.put("../escape", new ContainerOrigins.Origin("busybox", IMAGE_A, IMAGE_A)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(state.resolve("escape.json")).doesNotExist();
    }

    private ContainerOrigins open() throws Exception {
        return new ContainerOrigins(state.resolve("origins"), state.resolve("containers.json"));
    }
}
