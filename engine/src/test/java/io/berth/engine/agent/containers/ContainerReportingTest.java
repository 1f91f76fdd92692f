package io.berth.engine.agent.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.engine.runtime.ContainerState;
import io.berth.engine.runtime.ContainerStatus;
import io.berth.protocol.agent.ContainerReports.ContainerCreated;
import io.berth.protocol.agent.ContainerReports.ContainerExited;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import io.berth.protocol.agent.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerReportingTest {

    private static final Instant STARTED = Instant.parse("2026-11-24T05:00:00Z");

    @TempDir
    Path dir;

    /** What a sink was handed: single reports, and reports handed together. */
    private static final class Recording implements ReportSink {
        final List<List<Report>> sends = new ArrayList<>();

        @Override
        public void report(Report report) {
            sends.add(List.of(report));
        }

        @Override
        public void reportTogether(List<Report> reports) {
            sends.add(List.copyOf(reports));
        }
    }

    @Test
    void aRunsCreationAndStartAreHandedOverTogetherAndTheStartIsThenRecorded() {
        var runs = new ReportedRuns(dir);
        var reporting = new ContainerReporting(runs);
        var sink = new Recording();
        var created = new ContainerCreated("c1", "sha256:image");

        reporting.current(status(ContainerState.RUNNING), created, sink);

        assertThat(sink.sends).hasSize(1);
        assertThat(sink.sends.get(0)).hasSize(2).first().isEqualTo(created);
        assertThat(sink.sends.get(0).get(1)).isInstanceOf(ContainerStarted.class);
        assertThat(runs.startReported("c1", STARTED)).isTrue();
        assertThat(new ReportedRuns(dir).startReported("c1", STARTED)).as("kept on disk").isTrue();
        reporting.changes(status(ContainerState.RUNNING), sink);
        assertThat(sink.sends).as("the watcher does not tell it again").hasSize(1);
    }

    @Test
    void anExitNobodyToldComesWithItsStartAndBothAreRecorded() {
        var runs = new ReportedRuns(dir);
        var sink = new Recording();

        new ContainerReporting(runs).changes(status(ContainerState.EXITED), sink);

        assertThat(sink.sends).singleElement().satisfies(together -> {
            assertThat(together.get(0)).isInstanceOf(ContainerStarted.class);
            assertThat(together.get(1)).isInstanceOf(ContainerExited.class);
        });
        assertThat(runs.exitReported("c1", STARTED)).isTrue();
    }

    @Test
    void aContainerNeverStartedTellsOnlyWhatCameFirst() {
        var sink = new Recording();
        var created = new ContainerCreated("c1", "sha256:image");

        new ContainerReporting(new ReportedRuns(dir)).current(new ContainerStatus("c1", ContainerState.CREATED, 7, null,
                false, 0, false, STARTED, null, null), created, sink);

        assertThat(sink.sends).containsExactly(List.of(created));
    }

    private static ContainerStatus status(ContainerState state) {
        boolean exited = state == ContainerState.EXITED;
        return new ContainerStatus("c1", state, exited ? 0 : 42, exited ? 0 : null, false, 0, false, STARTED, STARTED,
                exited ? STARTED.plusSeconds(1) : null);
    }
}
