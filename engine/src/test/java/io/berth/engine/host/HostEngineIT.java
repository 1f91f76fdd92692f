package io.berth.engine.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.engine.commit.CommitResult;
import io.berth.engine.commit.HistoryRow;
import io.berth.engine.commit.ImageHistory;
import io.berth.engine.content.Digest;
import io.berth.engine.content.GarbageCollector;
import io.berth.engine.images.ImageContent;
import io.berth.engine.images.ImageRecord;
import io.berth.engine.images.ImageReference;
import io.berth.engine.images.Manifest;
import io.berth.engine.images.archive.ArchiveImporter;
import io.berth.engine.runtime.ContainerSpec;
import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.engine.runtime.ExecSpec;
import io.berth.engine.runtime.LogEntry;
import io.berth.engine.runtime.LogQuery;
import io.berth.engine.snapshots.SnapshotInfo;
import io.berth.engine.snapshots.SnapshotKind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as the agent uses it: a real {@code docker save} archive imported, its layers
 * unpacked into overlay snapshots, containers run by runc under conmon, committed, and the
 * committed image run again. Root only.
 */
class HostEngineIT {

    @TempDir
    Path tmp;

    Path state;
    HostEngine engine;

    @BeforeEach
    void importBusybox() throws Exception {
        Path archive = BusyboxArchive.build(Files.createDirectories(tmp.resolve("image")));
        state = tmp.resolve("state");
        engine = HostEngine.open(state);
        try (InputStream in = Files.newInputStream(archive)) {
            new ArchiveImporter(engine.content(), engine.images()).importArchive(in, null);
        }
    }

    @AfterEach
    void removeEverything() throws Exception {
        for (ContainerStatus status : engine.runtime().list()) {
            engine.remove(status.id(), true);
        }
        for (SnapshotInfo info : engine.snapshots().list()) {
            if (info.kind() != SnapshotKind.COMMITTED) {
                engine.snapshots().remove(info.key());
            }
        }
        engine.close();
    }

    @Test
    void runsBusyboxWithArgsEnvWorkdirAndUser() throws Exception {
        engine.run("busybox", ContainerSpec.builder("hello")
                .cmd("sh", "-c", "echo \"$GREETING from $(pwd) as $(id -u)\"; exit 7")
                .env("GREETING=hi")
                .workingDir("/tmp")
                .user("65534"));
        ContainerStatus exited = engine.runtime().waitForExit("hello", Duration.ofSeconds(20)).orElseThrow();
        assertThat(exited.exitCode()).isEqualTo(7);
        assertThat(logLines("hello")).containsExactly("hi from /tmp as 65534");
    }

    @Test
    void commitKeepsANewFileAndDropsADeletedOneAndRecordsHistoryAndParent() throws Exception {
        engine.run("busybox", ContainerSpec.builder("builder")
                .cmd("sh", "-c", "echo built > /srv/new.txt && rm /srv/obsolete.txt && sleep 600"));
        awaitExec("builder", "test -f /srv/new.txt");

        CommitResult result = engine.commit("builder", "Ada <ada@example.com>", "add new.txt",
                List.of("ENV STAGE=committed", "CMD [\"cat\", \"/srv/new.txt\"]"), ImageReference.parse("team/app:v1"));
        assertThat(result.parentImageId()).isEqualTo(engine.images().resolve("busybox").imageId());

        List<HistoryRow> history = new ImageHistory(engine.images()).of("team/app:v1");
        assertThat(history.get(0).author()).isEqualTo("Ada <ada@example.com>");
        assertThat(history.get(0).comment()).isEqualTo("add new.txt");
        assertThat(history.get(0).createdBy()).contains("builder");

        engine.run("team/app:v1", ContainerSpec.builder("child"));
        assertThat(engine.runtime().waitForExit("child", Duration.ofSeconds(20)).orElseThrow().exitCode()).isZero();
        assertThat(logLines("child")).containsExactly("built");

        engine.run("team/app:v1", ContainerSpec.builder("probe")
                .cmd("sh", "-c", "test ! -e /srv/obsolete.txt && echo \"gone $STAGE\""));
        engine.runtime().waitForExit("probe", Duration.ofSeconds(20)).orElseThrow();
        assertThat(logLines("probe")).containsExactly("gone committed");
    }

    @Test
    void anImageInUseCannotBeRemovedUnlessForced() throws Exception {
        engine.create("busybox", ContainerSpec.builder("user-of-busybox").cmd("true"));
        assertThatThrownBy(() -> engine.images().remove("busybox", false)).hasMessageContaining("user-of-busybox");
        engine.remove("user-of-busybox", false);
        engine.images().remove("busybox", false);
        assertThat(engine.images().list()).isEmpty();
    }

    @Test
    void anUntaggedCommitIsListedWithoutANameRunsByIdAndSurvivesGarbageCollection() throws Exception {
        engine.run("busybox", ContainerSpec.builder("maker")
                .cmd("sh", "-c", "echo made > /srv/made.txt && sleep 600"));
        awaitExec("maker", "test -f /srv/made.txt");

        CommitResult result = engine.commit("maker", null, null, List.of("CMD [\"cat\", \"/srv/made.txt\"]"), null);
        assertThat(result.record().isDangling()).isTrue();
        assertThat(engine.images().list()).filteredOn(ImageRecord::isDangling)
                .extracting(ImageRecord::imageId).containsExactly(result.imageId());
        engine.remove("maker", true);

        GarbageCollector.Report report = engine.collectGarbage(Duration.ZERO);
        assertThat(report.removed()).doesNotContain(result.manifest().digest(), result.imageId(),
                result.layer().digest());

        engine.run(result.imageId().shortHex(), ContainerSpec.builder("from-id"));
        assertThat(engine.runtime().waitForExit("from-id", Duration.ofSeconds(20)).orElseThrow().exitCode()).isZero();
        assertThat(logLines("from-id")).containsExactly("made");
    }

    @Test
    void garbageCollectionKeepsTheImageOfAContainerUntilTheContainerIsRemoved() throws Exception {
        ImageRecord busybox = engine.images().resolve("busybox");
        Manifest manifest = new ImageContent(engine.content()).manifest(busybox.target());
        List<Digest> blobs = new ArrayList<>(List.of(busybox.target().digest(), manifest.config().digest()));
        manifest.layers().forEach(layer -> blobs.add(layer.digest()));
        engine.create("busybox", ContainerSpec.builder("keeper").cmd("echo", "again"));
        engine.images().remove("busybox", true);
        assertThat(engine.images().list()).isEmpty();

        GarbageCollector.Report kept = engine.collectGarbage(Duration.ZERO);
        assertThat(kept.removed()).doesNotContainAnyElementsOf(blobs);
        for (Digest blob : blobs) {
            assertThat(engine.content().exists(blob)).as("blob %s", blob).isTrue();
        }
        for (int run = 1; run <= 2; run++) {
            engine.runtime().start("keeper");
            assertThat(engine.runtime().waitForExit("keeper", Duration.ofSeconds(20)).orElseThrow().exitCode()).isZero();
            assertThat(logLines("keeper")).hasSize(run).allMatch("again"::equals);
        }

        engine.remove("keeper", false);
        GarbageCollector.Report freed = engine.collectGarbage(Duration.ZERO);
        assertThat(freed.removed()).containsAll(blobs);
        assertThat(engine.content().list()).isEmpty();
    }

    @Test
    void aContainerOutlivesTheEngineAndIsFoundAgainWithItsLogsContinuing() throws Exception {
        engine.run("busybox", ContainerSpec.builder("survivor")
                .cmd("sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done"));
        awaitLogLines("survivor", 2);
        int pid = engine.runtime().state("survivor").pid();
        engine.close();

        engine = HostEngine.open(state);
        ContainerStatus found = engine.runtime().state("survivor");
        assertThat(found.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(found.pid()).isEqualTo(pid);
        int before = logLines("survivor").size();
        awaitLogLines("survivor", before + 3);
        assertThat(engine.runtime().stop("survivor", Duration.ofSeconds(1)).state()).isEqualTo(ContainerState.EXITED);
    }

    @Test
    void aTakenNameIsRefusedAndLeavesNothingBehind() throws Exception {
        engine.create("busybox", ContainerSpec.builder("taken").cmd("true"));
        int snapshots = engine.snapshots().list().size();
        assertThatThrownBy(() -> engine.create("busybox", ContainerSpec.builder("taken").cmd("true")))
                .hasMessageContaining("'taken' already exists");
        assertThat(engine.snapshots().list()).hasSize(snapshots);
        assertThatThrownBy(() -> engine.create("no-such-image", ContainerSpec.builder("x").cmd("true")))
                .hasMessageContaining("no-such-image");
        assertThat(engine.runtime().list()).extracting(ContainerStatus::id).containsExactly("taken");
    }

    private List<String> logLines(String id) {
        List<String> lines = new ArrayList<>();
        try (var logs = engine.runtime().logs(id, LogQuery.all())) {
            logs.forEachRemaining((LogEntry entry) -> lines.add(entry.text()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return lines;
    }

    private void awaitLogLines(String id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (logLines(id).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(id + " logged only " + logLines(id));
            }
            Thread.sleep(100);
        }
    }

    private void awaitExec(String id, String check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.runtime().exec(id, ExecSpec.of("sh", "-c", check)).exitCode() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(check + " never held in " + id);
            }
            Thread.sleep(100);
        }
    }
}
