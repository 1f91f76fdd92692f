package io.berth.controlplane.agents;

import io.berth.controlplane.enrollment.HostCredentials;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.agent.ReportEnvelope;
import io.berth.protocol.agent.SignedReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a signed report really comes from the host it names: the MAC must verify with
 * that host's current credential, and the envelope inside must name the same host. Anything
 * that can write to the reports topic can put a record there; only the host's own agent can
 * make one that passes.
 */
@ApplicationScoped
public class ReportVerification {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A report that must not be applied, and why. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HostCredentials credentials;

    public ReportVerification(HostCredentials credentials) {
        this.credentials = credentials;
    }

    /** The report inside, when {@code signed} is authentic; {@link Refused} otherwise. */
    public ReportEnvelope verify(SignedReport signed) throws Refused {
        if (!HostCredential.HOST_ID.matcher(signed.hostId()).matches()) {
            throw new Refused("'" + signed.hostId() + "' is not a host id that can enroll");
        }
        Optional<HostCredential> current = credentials.current(signed.hostId(), signed.generation()).await().atMost(WAIT);
        if (current.isEmpty()) {
            throw new Refused("host " + signed.hostId() + " has not enrolled");
        }
        if (current.get().generation() != signed.generation()) {
            throw new Refused("signed with credential generation " + signed.generation() + " of host "
                    + signed.hostId() + "; the current one is " + current.get().generation());
        }
        if (!signed.verifiedBy(current.get())) {
            throw new Refused("the MAC does not verify with host " + signed.hostId() + "'s credential");
        }
        ReportEnvelope envelope = AgentCodec.decodeReport(signed.report());
        if (!signed.hostId().equals(envelope.hostId())) {
            throw new Refused("signed by host " + signed.hostId() + " but reports for host " + envelope.hostId());
        }
        return envelope;
    }
}
