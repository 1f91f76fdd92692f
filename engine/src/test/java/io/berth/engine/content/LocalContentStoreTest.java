package io.berth.engine.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalContentStoreTest extends ContentStoreSuite {

    @Override
    protected ContentStore openStore(Path stateDir) throws IOException {
        return LocalContentStore.open(stateDir.resolve("content"));
    }

    @Test
    void usesTheOciImageLayout() throws IOException {
        Digest digest = store.ingest("blob".getBytes()).digest();
        Path root = stateDir.resolve("content");
        assertThat(root.resolve("oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(root.resolve("blobs/sha256/" + digest.hex())).hasContent("blob");
    }

    @Test
    void reopeningRemovesStaleIngests() throws IOException {
        ContentWriter abandoned = store.writer("crashed");
        abandoned.stream().write("half".getBytes());
        Path ingests = stateDir.resolve("content/ingest");
        assertThat(Files.list(ingests)).hasSize(1);
        LocalContentStore.open(stateDir.resolve("content"));
        assertThat(Files.list(ingests)).isEmpty();
    }

    @Test
    void digestParsingNamesTheProblem() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Digest.parse("md5:abc"))
                .hasMessageContaining("unsupported digest algorithm \"md5\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Digest.parse("sha256:ABC"))
                .hasMessageContaining("64 lowercase hexadecimal");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Digest.parse("abc"))
                .hasMessageContaining("missing algorithm prefix");
    }
}
