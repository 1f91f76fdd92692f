package io.berth.protocol.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.protocol.agent.ContainerInstructions.StopContainer;
import io.berth.protocol.agent.HostReports.Heartbeat;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HostCredentialSealingTest {

    private static final HostCredential A = credential("host-a", 1, 'a');
    private static final HostCredential B = credential("host-b", 1, 'b');

    private static HostCredential credential(String host, long generation, char fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new HostCredential(host, generation, secret);
    }

    private static InstructionEnvelope stopOn(String host) {
        return AgentCodec.wrap(UUID.randomUUID(), host, "alice", new StopContainer("c".repeat(64), 10));
    }

    @Test
    void anInstructionSealedForAHostOpensWithItsCredential() {
        InstructionEnvelope stop = stopOn("host-a");
        InstructionEnvelope opened = AgentCodec.openInstruction(AgentCodec.seal(stop, A), A);
        assertThat(opened.commandId()).isEqualTo(stop.commandId());
        assertThat(AgentCodec.instruction(opened)).isEqualTo(AgentCodec.instruction(stop));
    }

    @Test
    void anotherHostsDecoderRejectsAnInstructionSealedForA() {
        byte[] wire = AgentCodec.seal(stopOn("host-a"), A);
        assertThatThrownBy(() -> AgentCodec.openInstruction(wire, B))
                .isInstanceOf(SealedInstruction.NotForThisHostException.class)
                .hasMessageContaining("sealed for host host-a, not host-b");
    }

    @Test
    void aRecordReaddressedToBDoesNotOpenWithBsKey() {
        // an agent of A re-labels A's sealed instruction as B's: the AAD and the key no longer match
        SealedInstruction sealed = AgentCodec.decodeSealed(AgentCodec.seal(stopOn("host-a"), A));
        SealedInstruction forged = new SealedInstruction(1, "host-b", 1, sealed.nonce(), sealed.sealed());
        assertThatThrownBy(() -> forged.open(B)).isInstanceOf(SealedInstruction.NotForThisHostException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void anInstructionForgedWithAnotherKeyOrAlteredDoesNotOpen() {
        HostCredential guessed = credential("host-a", 1, 'x');
        byte[] forged = AgentCodec.seal(stopOn("host-a"), guessed);
        assertThatThrownBy(() -> AgentCodec.openInstruction(forged, A))
                .isInstanceOf(SealedInstruction.NotForThisHostException.class);

        SealedInstruction sealed = AgentCodec.decodeSealed(AgentCodec.seal(stopOn("host-a"), A));
        byte[] altered = sealed.sealed().clone();
        altered[3] ^= 1;
        assertThatThrownBy(() -> new SealedInstruction(1, "host-a", 1, sealed.nonce(), altered).open(A))
                .isInstanceOf(SealedInstruction.NotForThisHostException.class);
    }

    @Test
    void anInstructionSealedForARetiredGenerationIsRefused() {
        byte[] wire = AgentCodec.seal(stopOn("host-a"), A);
        assertThatThrownBy(() -> AgentCodec.openInstruction(wire, credential("host-a", 2, 'z')))
                .isInstanceOf(SealedInstruction.NotForThisHostException.class)
                .hasMessageContaining("generation 1");
    }

    @Test
    void aSignedReportVerifiesOnlyWithItsHostsCredential() {
        ReportEnvelope beat = AgentCodec.wrap("host-a", null, new Heartbeat("a", Map.of(),
                new HostCapacity(1, 1L << 30, 1L << 30), new HostVersions("1", "runc", "6", "17"), 0, 0));
        SignedReport signed = AgentCodec.decodeSigned(AgentCodec.sign(beat, A));
        assertThat(signed.hostId()).isEqualTo("host-a");
        assertThat(signed.verifiedBy(A)).isTrue();
        assertThat(signed.verifiedBy(credential("host-a", 2, 'a'))).isFalse();
        assertThat(AgentCodec.decodeReport(signed.report()).reportId()).isEqualTo(beat.reportId());

        // A's agent claims to be B: the MAC is A's, so B's key does not verify it
        ReportEnvelope asB = AgentCodec.wrap("host-b", null, AgentCodec.report(beat));
        SignedReport forged = SignedReport.sign(A, AgentCodec.encode(asB));
        SignedReport claimed = new SignedReport(1, "host-b", 1, forged.report(), forged.mac());
        assertThat(claimed.verifiedBy(B)).isFalse();

        byte[] altered = signed.report().clone();
        altered[altered.length - 2] ^= 1;
        assertThat(new SignedReport(1, "host-a", 1, altered, signed.mac()).verifiedBy(A)).isFalse();
    }

    @Test
    void signingAReportOfAnotherHostIsAProgrammingError() {
        ReportEnvelope ofB = AgentCodec.wrap("host-b", null, new HostReports.InstructionFailed("x", "y", false));
        assertThatThrownBy(() -> AgentCodec.sign(ofB, A)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBearerFormRoundTripsAndNeverPrintsTheSecret() {
        HostCredential parsed = HostCredential.parse(A.token());
        assertThat(parsed.matches(A)).isTrue();
        assertThat(A.toString()).doesNotContain(new String(A.secret(), StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> HostCredential.parse("host-a.x.abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostCredential.parse("just-a-token")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostCredential.parse("host.a.1.AAAA")).isInstanceOf(IllegalArgumentException.class);
    }
}
