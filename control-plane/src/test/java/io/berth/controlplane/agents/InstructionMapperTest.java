package io.berth.controlplane.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.protocol.agent.ContainerInstructions;
import io.berth.protocol.agent.ContainerRunSpec;
import io.berth.protocol.containers.ContainerEvents.*;
import io.berth.protocol.images.ImageEvents.ImageImportRequested;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionMapperTest {

    private static final String ID = "a".repeat(64);
    private static final ContainerCreated CREATED = new ContainerCreated(ID, "web", "busybox", "sha256:i",
            ContainerRunSpec.command(List.of("true")));

    @Test
    void aScheduledContainerIsARunOnItsHostWithTheResolvedImage() {
        var addressed = InstructionMapper.map(new ContainerScheduled(ID, "h1", "why", true), () -> CREATED).orElseThrow();
        assertThat(addressed.hostId()).isEqualTo("h1");
        assertThat(addressed.instruction()).isEqualTo(new ContainerInstructions.RunContainer(ID, "web", "sha256:i",
                CREATED.spec(), true));
    }

    @Test
    void theStartThatIsPartOfARunIsNotSentTwice() {
        assertThat(InstructionMapper.map(new ContainerStartRequested(ID, "h1", true), () -> CREATED)).isEmpty();
        assertThat(InstructionMapper.map(new ContainerStartRequested(ID, "h1", false), () -> CREATED)).isPresent();
    }

    @Test
    void factsAreNotInstructions() {
        assertThat(InstructionMapper.map(new ContainerStarted(ID, "h1", 1, null, Instant.EPOCH), () -> CREATED))
                .isEmpty();
        assertThat(InstructionMapper.map(CREATED, () -> CREATED)).isEmpty();
    }

    @Test
    void requestsGoToTheirHosts() {
        assertThat(InstructionMapper.map(new ContainerRemoveRequested(ID, "h2", true), () -> CREATED).orElseThrow()
                .instruction()).isEqualTo(new ContainerInstructions.RemoveContainer(ID, true));
        assertThat(InstructionMapper.map(new ImageImportRequested("u1", "h3", "me/app", 10), () -> CREATED)
                .orElseThrow().hostId()).isEqualTo("h3");
    }
}
