package io.berth.engine.agent.instructions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.ContainerReports.ContainerCreated;
import io.berth.protocol.agent.ContainerReports.ContainerStarted;
import io.berth.protocol.agent.ReportEnvelope;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppliedCommandsTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedCommandIsFoundAgainWithTheSameReportsAcrossInstances() {
        UUID command = UUID.randomUUID();
        ReportEnvelope created = AgentCodec.wrap("h-1", command, new ContainerCreated("c1", "sha256:" + "a".repeat(64)));
        ReportEnvelope started = AgentCodec.wrap("h-1", command, new ContainerStarted("c1", 42, null,
                Instant.parse("2024-05-01T10:00:00.123456Z")));
        new AppliedCommands(dir).record(command, "container.run", List.of(created, started));

        AppliedCommands.Entry entry = new AppliedCommands(dir).find(command).orElseThrow();

        assertThat(entry.type()).isEqualTo("container.run");
        assertThat(entry.reports()).extracting(ReportEnvelope::reportId)
                .containsExactly(created.reportId(), started.reportId());
        assertThat(AgentCodec.report(entry.reports().get(1)))
                .isEqualTo(new ContainerStarted("c1", 42, null, Instant.parse("2024-05-01T10:00:00.123456Z")));
    }

    @Test
    void anUnknownCommandIsNotApplied() {
        assertThat(new AppliedCommands(dir).find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aCommandWithoutReportsIsStillApplied() {
        UUID command = UUID.randomUUID();
        new AppliedCommands(dir).record(command, "container.kill", List.of());
        assertThat(new AppliedCommands(dir).find(command)).hasValueSatisfying(e -> assertThat(e.reports()).isEmpty());
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        new AppliedCommands(dir).record(UUID.randomUUID(), "container.start", List.of());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".json") && !n.startsWith("."));
        }
    }

    @Test
    void pruneForgetsOnlyOldEntries() throws Exception {
        AppliedCommands journal = new AppliedCommands(dir);
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        journal.record(old, "container.start", List.of());
        journal.record(recent, "container.start", List.of());
        Files.setLastModifiedTime(dir.resolve(old + ".json"), FileTime.from(Instant.now().minus(Duration.ofDays(8))));

        assertThat(journal.prune(Duration.ofDays(7))).isEqualTo(1);

        assertThat(journal.find(old)).isEmpty();
        assertThat(journal.find(recent)).isPresent();
    }

    @Test
    void aDamagedEntryIsAnErrorNotAnUnappliedCommand() throws Exception {
        UUID command = UUID.randomUUID();
        Files.writeString(dir.resolve(command + ".json"), "{not json");
        assertThatThrownBy(() -> new AppliedCommands(dir).find(command)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("unreadable");
    }
}
