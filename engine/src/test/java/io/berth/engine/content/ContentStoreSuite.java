package io.berth.engine.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link ContentStore} keeps, in the manner of containerd's
 * ContentSuite: an implementation's test extends this class and says how to open a store.
 */
public abstract class ContentStoreSuite {

    @TempDir
    protected Path stateDir;
    protected ContentStore store;

    /** Opens a store whose state lives under {@code stateDir}; opening twice sees the same blobs. */
    protected abstract ContentStore openStore(Path stateDir) throws IOException;

    @BeforeEach
    void openFreshStore() throws IOException {
        store = openStore(stateDir);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void committedContentIsReadableByDigest() throws IOException {
        ContentInfo info = store.ingest(bytes("hello"));
        assertThat(info.digest()).isEqualTo(Digest.of(bytes("hello")));
        assertThat(info.size()).isEqualTo(5);
        assertThat(store.readAll(info.digest())).isEqualTo(bytes("hello"));
        assertThat(store.info(info.digest())).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(5));
    }

    @Test
    void unknownDigestIsNotFound() throws IOException {
        Digest absent = Digest.of(bytes("absent"));
        assertThat(store.info(absent)).isEmpty();
        assertThat(store.exists(absent)).isFalse();
        assertThatThrownBy(() -> store.open(absent)).isInstanceOf(ContentNotFoundException.class)
                .hasMessageContaining(absent.toString());
    }

    @Test
    void contentIsInvisibleUntilCommitted() throws IOException {
        try (ContentWriter writer = store.writer("ref-1")) {
            writer.stream().write(bytes("partial"));
            assertThat(writer.written()).isEqualTo(7);
            assertThat(store.exists(writer.digest())).isFalse();
            assertThat(store.list()).isEmpty();
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void commitRefusesAWrongDigestAndKeepsNothing() throws IOException {
        Digest claimed = Digest.of(bytes("something else"));
        try (ContentWriter writer = store.writer("ref-2")) {
            writer.stream().write(bytes("actual"));
            assertThatThrownBy(() -> writer.commit(6, claimed))
                    .isInstanceOf(ContentVerificationException.class)
                    .hasMessageContaining("digest mismatch").hasMessageContaining(claimed.toString());
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void commitRefusesAWrongSize() throws IOException {
        try (ContentWriter writer = store.writer("ref-3")) {
            writer.stream().write(bytes("four"));
            assertThatThrownBy(() -> writer.commit(5, null))
                    .isInstanceOf(ContentVerificationException.class).hasMessageContaining("expected 5 bytes but got 4");
        }
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aRefHasOneWriterAtATime() throws IOException {
        try (ContentWriter first = store.writer("busy")) {
            assertThatThrownBy(() -> store.writer("busy")).isInstanceOf(ContentException.class)
                    .hasMessageContaining("busy");
        }
        store.writer("busy").close();
    }

    @Test
    void committingExistingContentIsIdempotent() throws IOException {
        ContentInfo first = store.ingest(bytes("same"));
        ContentInfo second = store.ingest(bytes("same"));
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void listsAndDeletes() throws IOException {
        Digest a = store.ingest(bytes("a")).digest();
        Digest b = store.ingest(bytes("b")).digest();
        assertThat(store.list()).extracting(ContentInfo::digest).containsExactlyInAnyOrder(a, b);
        store.delete(a);
        assertThat(store.list()).extracting(ContentInfo::digest).containsExactly(b);
        assertThatThrownBy(() -> store.delete(a)).isInstanceOf(ContentNotFoundException.class);
    }

    @Test
    void contentSurvivesReopening() throws IOException {
        Digest digest = store.ingest(bytes("durable")).digest();
        ContentStore reopened = openStore(stateDir);
        assertThat(reopened.readAll(digest)).isEqualTo(bytes("durable"));
    }

    @Test
    void garbageCollectionKeepsWhatRootsReach() throws IOException {
        Digest layer = store.ingest(bytes("layer")).digest();
        Digest config = store.ingest(bytes("config")).digest();
        Digest manifest = store.ingest(bytes("manifest")).digest();
        Digest orphan = store.ingest(bytes("orphan")).digest();
        Digest orphanLayer = store.ingest(bytes("orphan-layer")).digest();
        Map<Digest, Set<Digest>> edges = Map.of(manifest, Set.of(config, layer), orphan, Set.of(orphanLayer));
        ContentGraph graph = (content, digest) -> edges.getOrDefault(digest, Set.of());
        Digest missing = Digest.of(bytes("never stored"));

        GarbageCollector.Report report = new GarbageCollector(store, graph, Duration.ZERO,
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5))).collect(Set.of(manifest, missing));

        assertThat(report.removed()).containsExactlyInAnyOrder(orphan, orphanLayer);
        assertThat(report.bytesFreed()).isEqualTo("orphan".length() + "orphan-layer".length());
        assertThat(report.missing()).containsExactly(missing);
        assertThat(store.list()).extracting(ContentInfo::digest).containsExactlyInAnyOrder(manifest, config, layer);
    }

    @Test
    void garbageCollectionSparesContentYoungerThanTheGrace() throws IOException {
        Digest fresh = store.ingest(bytes("just pulled")).digest();
        GarbageCollector.Report report = new GarbageCollector(store, (c, d) -> Set.of(), Duration.ofMinutes(10),
                Clock.systemUTC()).collect(Set.of());
        assertThat(report.removed()).isEmpty();
        assertThat(store.exists(fresh)).isTrue();
    }
}
