package io.berth.protocol.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A report as it travels on {@code berth.agent.reports}: the encoded {@link ReportEnvelope}
 * bytes exactly as the agent wrote them, and an HMAC-SHA256 over those bytes, the host id and
 * the credential generation with the host's report key. Carrying the signed bytes verbatim
 * (rather than re-encoding JSON to check it) means there is no canonical form to agree on.
 *
 * @param version    this wrapper's format (1)
 * @param hostId     the host the report speaks for; the control plane checks the MAC with its key
 * @param generation the credential generation that signed it; an older one is refused
 * @param report     the encoded {@link ReportEnvelope}
 * @param mac        HMAC-SHA256(report key, "berth-report-v1" ‖ hostId ‖ generation ‖ report)
 */
public record SignedReport(int version, String hostId, long generation, byte[] report, byte[] mac) {

    public static final int VERSION = 1;

    /** Signs an encoded report with the credential of the host it speaks for. */
    public static SignedReport sign(HostCredential credential, byte[] report) {
        return new SignedReport(VERSION, credential.hostId(), credential.generation(), report,
                mac(credential, credential.hostId(), credential.generation(), report));
    }

    /** Whether {@code credential} (the host's current one, as the verifier knows it) made this MAC. */
    public boolean verifiedBy(HostCredential credential) {
        return version == VERSION && mac != null && report != null && credential.hostId().equals(hostId)
                && credential.generation() == generation
                && MessageDigest.isEqual(mac, mac(credential, hostId, generation, report));
    }

    private static byte[] mac(HostCredential credential, String hostId, long generation, byte[] report) {
        return HostCredential.hmac(credential.reportKey(),
                ("berth-report-v1\n" + hostId + "\n" + generation + "\n").getBytes(StandardCharsets.UTF_8), report);
    }
}
