package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConmonSyncTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void conmonsReportAnswers() throws Exception {
        Path sync = Files.writeString(dir.resolve("sync.json"), "{\"data\": 4242}\n");
        assertThat(Conmon.awaitSync(sync, 1, () -> 0, Conmon::sleep, TIMEOUT, "create")).containsExactly(4242);
    }

    @Test
    void aPidKnownSoonerAnswersBeforeConmonReports() {
        Path sync = dir.resolve("sync.json"); // conmon has not written it
        var looks = new AtomicInteger();
        // not yet, then "soon" twice (init let go, runc's pid file not written yet), then the pid
        List<Integer> pid = Conmon.awaitSync(sync, 1, () -> switch (looks.incrementAndGet()) {
            case 1 -> 0;
            case 2, 3 -> Conmon.SOON;
            default -> 77;
        }, nanos -> { }, TIMEOUT, "create");
        assertThat(pid).containsExactly(77);
        assertThat(looks).hasValue(4);
    }

    @Test
    void aFailureConmonReportsWinsOverWaiting() throws Exception {
        Path sync = Files.writeString(dir.resolve("sync.json"),
                "{\"data\": -1, \"message\": \"runc create failed: no such file\"}\n");
        assertThatThrownBy(() -> Conmon.awaitSync(sync, 1, () -> Conmon.SOON, nanos -> { }, TIMEOUT, "create of c"))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("create of c failed: runc create failed: no such file");
    }

    @Test
    void aPauseMayEndEarly() {
        Path sync = dir.resolve("sync.json");
        var pauses = new AtomicInteger();
        var released = new AtomicInteger();
        // the looks are paced by the pause given, which here returns at once (news came)
        List<Integer> pid = Conmon.awaitSync(sync, 1, () -> released.get() > 0 ? 9 : 0, nanos -> {
            if (pauses.incrementAndGet() == 50) {
                released.set(1);
            }
        }, TIMEOUT, "create");
        assertThat(pid).containsExactly(9);
        assertThat(pauses).hasValue(50);
    }
}
