package io.berth.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.protocol.agent.ContainerInstructions.RunContainer;
import io.berth.protocol.agent.ContainerReports.ContainerExited;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AgentCodecTest {

    @Test
    void anInstructionSurvivesTheRoundTrip() {
        var run = new RunContainer("a".repeat(64), "web", "busybox",
                new ContainerRunSpec(null, List.of("sleep", "60"), List.of("A=b"), "/tmp", "65534", null, false, false,
                        Map.of("team", "x"), "on-failure:3", 64L << 20, 500_000_000L, 100, true, false, null, 5),
                true);
        UUID commandId = UUID.randomUUID();
        byte[] wire = AgentCodec.encode(AgentCodec.wrap(commandId, "h-1", "alice", run));

        InstructionEnvelope envelope = AgentCodec.decodeInstruction(wire);
        assertThat(envelope.commandId()).isEqualTo(commandId);
        assertThat(envelope.type()).isEqualTo("container.run");
        assertThat(envelope.schemaVersion()).isEqualTo(1);
        assertThat(AgentCodec.instruction(envelope)).isEqualTo(run);
    }

    @Test
    void aReportSurvivesTheRoundTripAndNamesItsCommand() {
        var exited = new ContainerExited("c1", 137, true, false, 2, Instant.parse("2026-01-01T00:00:00Z"));
        UUID commandId = UUID.randomUUID();
        ReportEnvelope envelope = AgentCodec.decodeReport(AgentCodec.encode(AgentCodec.wrap("h-2", commandId, exited)));
        assertThat(envelope.commandId()).isEqualTo(commandId);
        assertThat(envelope.reportId()).isNotNull();
        assertThat(AgentCodec.report(envelope)).isEqualTo(exited);
        assertThat(new String(AgentCodec.encode(envelope), StandardCharsets.UTF_8))
                .contains("\"type\":\"container.exited\"").contains("\"finishedAt\":\"2026-01-01T00:00:00Z\"");
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() {
        String json = """
                {"commandId":"%s","hostId":"h","type":"container.start","schemaVersion":1,
                 "payload":{"containerId":"c","futureOption":true},"alsoNew":1}
                """.formatted(UUID.randomUUID());
        InstructionEnvelope envelope = AgentCodec.decodeInstruction(json.getBytes(StandardCharsets.UTF_8));
        assertThat(AgentCodec.instruction(envelope)).isEqualTo(new ContainerInstructions.StartContainer("c"));
    }

    @Test
    void refusesUnknownTypesNewerSchemasAndGarbage() {
        var unknown = new InstructionEnvelope(UUID.randomUUID(), "h", "container.teleport", 1, null, null,
                AgentCodec.json().createObjectNode());
        assertThatThrownBy(() -> AgentCodec.instruction(unknown)).hasMessageContaining("unknown instruction type 'container.teleport'");

        var newer = new InstructionEnvelope(UUID.randomUUID(), "h", "container.start", 9, null, null,
                AgentCodec.json().createObjectNode().put("containerId", "c"));
        assertThatThrownBy(() -> AgentCodec.instruction(newer)).hasMessageContaining("schema version 9");

        assertThatThrownBy(() -> AgentCodec.decodeInstruction("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UnreadableMessageException.class);
        assertThatThrownBy(() -> AgentCodec.decodeReport("{}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("lacks reportId");
    }

    @Test
    void negativeLimitsAreRefusedWhenTheSpecIsRead() {
        var bad = AgentCodec.json().createObjectNode().put("containerId", "c").put("name", "n").put("image", "i")
                .put("start", true);
        bad.putObject("spec").put("memoryBytes", -1);
        var envelope = new InstructionEnvelope(UUID.randomUUID(), "h", "container.run", 1, null, null, bad);
        assertThatThrownBy(() -> AgentCodec.instruction(envelope)).hasMessageContaining("must not be negative");
    }

    @Test
    void everyPermittedRecordHasAUniqueName() {
        assertThat(new MessageTypes<>(Instruction.class).names()).contains("container.run", "host.reconcile", "image.import");
        assertThat(new MessageTypes<>(Report.class).names()).contains("host.heartbeat", "instruction.failed");
    }
}
